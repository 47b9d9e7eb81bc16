// Why placements failed, in the words `nomad job run` / `nomad job status` use, from the
// AllocMetric the scheduler recorded per task group.
import type {AllocMetric} from '../model/index.js'
import {plural} from './format.js'

const byCount = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))

/** The "* …" reason lines for one group's metric. */
export function explainMetricLines(m: AllocMetric): string[] {
  const out: string[] = []
  if (m.NodesEvaluated === 0) out.push('* No nodes were eligible for evaluation')
  for (const [dc, n] of byCount(m.NodesAvailable ?? {})) if (n === 0) out.push(`* No nodes are available in datacenter "${dc}"`)
  for (const [cls, n] of byCount(m.ClassFiltered ?? {})) out.push(`* Class "${cls}": ${plural(n, 'node')} excluded by filter`)
  for (const [reason, n] of byCount(m.ConstraintFiltered ?? {})) {
    const drivers = reason === 'missing drivers' && m.DriversMissing ? Object.keys(m.DriversMissing).sort() : []
    out.push(`* Constraint "${reason}": ${plural(n, 'node')} excluded by filter${drivers.length ? ` (${drivers.join(', ')})` : ''}`)
  }
  if (m.NodesExhausted > 0) out.push(`* Resources exhausted on ${plural(m.NodesExhausted, 'node')}`)
  for (const [cls, n] of byCount(m.ClassExhausted ?? {})) out.push(`* Class "${cls}" exhausted on ${plural(n, 'node')}`)
  for (const [dim, n] of byCount(m.DimensionExhausted ?? {})) out.push(`* Dimension "${dim}" exhausted on ${plural(n, 'node')}`)
  if (out.length === 0) out.push(`* ${plural(m.NodesEvaluated, 'node')} evaluated, none fit`)
  return out
}

/** `Task Group "web" (failed to place 1 allocation):` followed by indented reasons, per group. */
export function explainFailedGroups(failed: Record<string, AllocMetric> | null | undefined): string[] {
  const out: string[] = []
  for (const [group, m] of Object.entries(failed ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`Task Group "${group}" (failed to place ${plural(m.CoalescedFailures + 1, 'allocation')}):`)
    for (const line of explainMetricLines(m)) out.push(`  ${line}`)
  }
  return out
}
