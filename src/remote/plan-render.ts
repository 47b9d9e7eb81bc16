// The text `nomad job plan` prints for a plan response: the diff tree (+ added, - deleted,
// +/- edited), each group's update counts, the scheduler's dry-run result and the job modify
// index to register with. Pure.
import type {AllocMetric, FieldDiff, JobDiff, ObjectDiff} from '../model/index.js'

export interface PlanResponse {
  Index: number
  JobModifyIndex: number
  Diff: JobDiff | null
  Annotations: {DesiredTGUpdates: Record<string, Record<string, number>> | null} | null
  FailedTGAllocs: Record<string, AllocMetric> | null
  Warnings?: string
}

const MARK = {Added: '+', Deleted: '-', Edited: '+/-', None: ''} as const

function field(f: FieldDiff, pad: string): string {
  const m = MARK[f.Type]
  const ann = f.Annotations?.length ? ` (${f.Annotations.join(', ')})` : ''
  if (f.Type === 'Added') return `${pad}${m} ${f.Name}: ${JSON.stringify(f.New)}${ann}`
  if (f.Type === 'Deleted') return `${pad}${m} ${f.Name}: ${JSON.stringify(f.Old)}${ann}`
  return `${pad}${m} ${f.Name}: ${JSON.stringify(f.Old)} => ${JSON.stringify(f.New)}${ann}`
}

function object(o: ObjectDiff, pad: string, out: string[]): void {
  out.push(`${pad}${MARK[o.Type]} ${o.Name} {`)
  for (const f of o.Fields ?? []) out.push(field(f, `${pad}  `))
  for (const x of o.Objects ?? []) object(x, `${pad}  `, out)
  out.push(`${pad}  }`)
}

function counts(u: Record<string, number> | null | undefined): string {
  const parts = Object.entries(u ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  return parts.length ? ` (${parts.join(', ')})` : ''
}

/** Nomad's DesiredTGUpdates field names → the words its diff uses. */
function updateWords(u: Record<string, number> | undefined): Record<string, number> {
  if (!u) return {}
  const names: Record<string, string> = {Place: 'create', Stop: 'destroy', Migrate: 'migrate', InPlaceUpdate: 'in-place update', DestructiveUpdate: 'create/destroy update', Canary: 'canary', Ignore: 'ignore'}
  return Object.fromEntries(Object.entries(u).filter(([k]) => names[k]).map(([k, n]) => [names[k]!, n]))
}

export function renderDiff(diff: JobDiff, updates: Record<string, Record<string, number>> = {}): string[] {
  const out: string[] = []
  out.push(`${MARK[diff.Type] || ' '} Job: ${JSON.stringify(diff.ID)}`.trimStart())
  for (const f of diff.Fields ?? []) out.push(field(f, ''))
  for (const o of diff.Objects ?? []) object(o, '', out)
  for (const g of diff.TaskGroups ?? []) {
    const u = g.Updates ?? updateWords(updates[g.Name])
    out.push(`${MARK[g.Type] || ' '} Task Group: ${JSON.stringify(g.Name)}${counts(u)}`.trimStart())
    for (const f of g.Fields ?? []) out.push(field(f, '  '))
    for (const o of g.Objects ?? []) object(o, '  ', out)
    for (const t of g.Tasks ?? []) {
      out.push(`  ${MARK[t.Type]} Task: ${JSON.stringify(t.Name)}${t.Annotations?.length ? ` (${t.Annotations.join(', ')})` : ''}`)
      for (const f of t.Fields ?? []) out.push(field(f, '    '))
      for (const o of t.Objects ?? []) object(o, '    ', out)
    }
  }
  return out
}

export function renderPlan(p: PlanResponse): string[] {
  const out = p.Diff ? renderDiff(p.Diff, p.Annotations?.DesiredTGUpdates ?? {}) : []
  out.push('', 'Scheduler dry-run:')
  const failed = Object.entries(p.FailedTGAllocs ?? {})
  if (!failed.length) out.push('- All tasks successfully allocated.')
  else {
    out.push('- WARNING: Failed to place all allocations.')
    for (const [g, m] of failed) {
      out.push(`  Task Group ${JSON.stringify(g)} (failed to place ${m.CoalescedFailures + 1} allocation${m.CoalescedFailures ? 's' : ''}):`)
      for (const [reason, n] of Object.entries(m.ConstraintFiltered ?? {})) out.push(`    * Constraint ${JSON.stringify(reason)}: ${n} nodes excluded by filter`)
      for (const [dim, n] of Object.entries(m.DimensionExhausted ?? {})) out.push(`    * Resources exhausted on ${n} nodes: Dimension ${JSON.stringify(dim)} exhausted`)
      if (!m.NodesEvaluated) out.push('    * No nodes were eligible for evaluation')
    }
  }
  if (p.Warnings) out.push('', `Job Warnings:\n${p.Warnings}`)
  out.push('', `Job Modify Index: ${p.JobModifyIndex}`)
  return out
}

/** Whether registering would change anything: a diff other than None. */
export function planChanges(p: PlanResponse): boolean {
  return !p.Diff || p.Diff.Type !== 'None'
}
