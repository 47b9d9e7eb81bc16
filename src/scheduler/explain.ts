// Human explanations of a plan: what changes per group, why placements failed, how chosen
// nodes scored, and what happens to deployments and delayed reschedules.
import type {AllocMetric} from '../model/index.js'
import type {DesiredUpdates, Plan} from '../model/plan.js'

function counted(m: Record<string, number>): string {
  return Object.entries(m)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} (${n})`)
    .join(', ')
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** "3 nodes filtered — missing drivers: docker (3); 1 node exhausted — memory (1)" */
export function explainMetric(m: AllocMetric): string {
  if (m.NodesEvaluated === 0) {
    const ex = m.NodesExcluded ?? {}
    if (Object.keys(ex).length === 0) return 'no nodes were eligible for evaluation (the cluster has no nodes)'
    return `no nodes were eligible for evaluation — ${counted(ex)}`
  }
  const parts: string[] = []
  if (m.NodesFiltered > 0) {
    const reasons = {...m.ConstraintFiltered}
    const drivers = m.DriversMissing ?? {}
    if (reasons['missing drivers'] !== undefined && Object.keys(drivers).length > 0) {
      delete reasons['missing drivers']
      for (const [d, n] of Object.entries(drivers)) reasons[`missing driver ${d}`] = n
    }
    parts.push(`${plural(m.NodesFiltered, 'node')} filtered — ${counted(reasons)}`)
  }
  if (m.NodesExhausted > 0) parts.push(`${plural(m.NodesExhausted, 'node')} exhausted — ${counted(m.DimensionExhausted)}`)
  if (parts.length === 0) parts.push(`${plural(m.NodesEvaluated, 'node')} evaluated, none fit`)
  return parts.join('; ')
}

// Nomad's update types (scheduler/annotate.go), listed in the order `nomad job plan` prints
// them: sorted by name, zero counts left out.
export function describeUpdates(u: DesiredUpdates): string {
  const parts: [number, string][] = [
    [u.Canary, 'canary'],
    [u.Place, 'create'],
    [u.DestructiveUpdate, 'create/destroy update'],
    [u.Stop, 'destroy'],
    [u.Ignore, 'ignore'],
    [u.InPlaceUpdate, 'in-place update'],
    [u.Migrate, 'migrate'],
    [u.Preemptions ?? 0, 'preempted'],
  ]
  const shown = parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`)
  return shown.length > 0 ? shown.join(', ') : 'no changes'
}

export function explainPlan(plan: Plan): string[] {
  const lines: string[] = []
  for (const [g, u] of Object.entries(plan.Annotations.DesiredTGUpdates)) {
    const why = plan.Annotations.DestructiveReasons?.[g]
    const reason = why && (u.DestructiveUpdate > 0 || u.Canary > 0) ? ` (destructive: ${why} changed)` : ''
    lines.push(`Task group "${g}": ${describeUpdates(u)}${reason}`)
  }
  for (const [g, m] of Object.entries(plan.FailedTGAllocs)) {
    const more = m.CoalescedFailures > 0 ? ` (${m.CoalescedFailures + 1} placements failed)` : ''
    lines.push(`Placement failed for group ${g}: ${explainMetric(m)}${more}`)
  }
  const byGroup = new Map<string, {count: number; nodes: Set<string>; best: AllocMetric['ScoreMetaData'][number] | undefined}>()
  for (const list of Object.values(plan.NodeAllocation)) {
    for (const a of list) {
      if (a.EvalID !== plan.EvalID || !a.Metrics) continue
      const s = byGroup.get(a.TaskGroup) ?? {count: 0, nodes: new Set(), best: undefined}
      s.count++
      s.nodes.add(a.NodeName || a.NodeID)
      s.best ??= a.Metrics.ScoreMetaData.find((x) => x.NodeID === a.NodeID)
      byGroup.set(a.TaskGroup, s)
    }
  }
  for (const [g, s] of byGroup) {
    const score = s.best ? `; first choice scored ${s.best.NormScore.toFixed(3)} (${Object.entries(s.best.Scores).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')})` : ''
    lines.push(`Group ${g}: ${plural(s.count, 'allocation')} placed on ${plural(s.nodes.size, 'node')}${score}`)
  }
  if (plan.Deployment) {
    const canaries = Object.entries(plan.Deployment.TaskGroups).filter(([, t]) => t.DesiredCanaries > 0).map(([g, t]) => `${g} ${t.DesiredCanaries}`)
    lines.push(`Deployment created for job version ${plan.Deployment.JobVersion}${canaries.length ? ` with canaries: ${canaries.join(', ')}` : ''}`)
  }
  for (const d of plan.DeploymentUpdates) lines.push(`Deployment ${d.DeploymentID.slice(0, 8)} ${d.Status}: ${d.StatusDescription}`)
  for (const e of plan.FollowupEvals) lines.push(`Follow-up evaluation ${e.ID.slice(0, 8)} at ${new Date(e.WaitUntil ?? 0).toISOString()} to reschedule failed allocations`)
  return lines
}
