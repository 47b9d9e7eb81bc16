// Feasibility: the stages a node must pass before it is scored, each with Nomad's reason string.
// Static stages (drivers, constraints) are memoised per node; distinct_hosts and
// distinct_property depend on what this run already placed and are checked every time.
import type {Affinity, Constraint, Job, Node, Spread, TaskGroup} from '../model/index.js'
import {constraintReason, globMatch, matchesNode, resolveTarget} from './constraints.js'
import {allocsOnNode, propertyCounts, type EvalContext} from './eval-context.js'
import {groupAsk, type GroupAsk} from './resources.js'

export interface GroupPlacer {
  tg: TaskGroup
  ask: GroupAsk
  drivers: string[]
  jobConstraints: Constraint[]
  constraints: Constraint[]
  distinctHosts: string[] // scopes: '*' (job) and/or the group name
  distinctProps: {scope: string; target: string; limit: number; reason: string}[]
  affinities: Affinity[]
  spreads: Spread[]
  memo: (string | null | undefined)[] // by node index
  missingDriver: Map<string, string> // node id -> first missing driver
}

function isDistinct(c: Constraint): boolean {
  return c.Operand === 'distinct_hosts' || c.Operand === 'distinct_property'
}

export function buildGroupPlacer(job: Job, tg: TaskGroup): GroupPlacer {
  const drivers = [...new Set(tg.Tasks.map((t) => t.Driver))]
  const scoped: {scope: string; c: Constraint}[] = [
    ...(job.Constraints ?? []).map((c) => ({scope: '*', c})),
    ...(tg.Constraints ?? []).map((c) => ({scope: tg.Name, c})),
    ...tg.Tasks.flatMap((t) => (t.Constraints ?? []).map((c) => ({scope: tg.Name, c}))),
  ]
  const distinctHosts = scoped.filter((s) => s.c.Operand === 'distinct_hosts' && s.c.RTarget !== 'false').map((s) => s.scope)
  const distinctProps = scoped
    .filter((s) => s.c.Operand === 'distinct_property')
    .map((s) => ({scope: s.scope, target: s.c.LTarget, limit: Number(s.c.RTarget) > 0 ? Number(s.c.RTarget) : 1, reason: `distinct_property: ${s.c.LTarget}`}))
  return {
    tg,
    ask: groupAsk(tg),
    drivers,
    jobConstraints: scoped.filter((s) => s.scope === '*' && !isDistinct(s.c)).map((s) => s.c),
    constraints: scoped.filter((s) => s.scope !== '*' && !isDistinct(s.c)).map((s) => s.c),
    distinctHosts,
    distinctProps,
    affinities: [...(job.Affinities ?? []), ...(tg.Affinities ?? []), ...tg.Tasks.flatMap((t) => t.Affinities ?? [])],
    spreads: [...(job.Spreads ?? []), ...(tg.Spreads ?? [])],
    memo: [],
    missingDriver: new Map(),
  }
}

// Same order as Nomad's stack: job constraints, drivers, then group and task constraints.
function checkStatic(p: GroupPlacer, node: Node): string | null {
  for (const c of p.jobConstraints) if (!matchesNode(c, node)) return constraintReason(c)
  for (const d of p.drivers) {
    const info = node.Drivers[d]
    if (!info || !info.Detected || !info.Healthy) {
      p.missingDriver.set(node.ID, d)
      return 'missing drivers'
    }
  }
  for (const c of p.constraints) if (!matchesNode(c, node)) return constraintReason(c)
  return null
}

/** The static stages only (constraints, drivers): memoised per node. */
export function staticReason(p: GroupPlacer, node: Node, i: number): string | null {
  let r = p.memo[i]
  if (r === undefined) {
    r = checkStatic(p, node)
    p.memo[i] = r
  }
  return r
}

/** The reason a node is filtered for this group, or null when it passes every stage. */
export function filterNode(ctx: EvalContext, p: GroupPlacer, node: Node, i: number): string | null {
  let r = p.memo[i]
  if (r === undefined) {
    r = checkStatic(p, node)
    p.memo[i] = r
  }
  if (r !== null) return r
  for (const scope of p.distinctHosts) if (allocsOnNode(ctx, scope, i) > 0) return 'distinct_hosts'
  for (const d of p.distinctProps) {
    const v = resolveTarget(d.target, node)
    if (v === undefined) return d.reason
    if ((propertyCounts(ctx, d.scope, d.target).get(v) ?? 0) >= d.limit) return d.reason
  }
  return null
}

/** Whether a node is in the job's datacenters and node pool. */
export function nodeInScope(job: Job, n: Node): boolean {
  const pool = job.NodePool || 'default'
  if (pool !== 'all' && (n.NodePool || 'default') !== pool) return false
  const dcs = job.Datacenters.length > 0 ? job.Datacenters : ['*']
  return dcs.some((d) => globMatch(d, n.Datacenter))
}

/** Nodes a job may use at all (Nomad's readyNodesInDCsAndPool): ready, eligible, not draining. */
export function candidateNodes(job: Job, nodes: Node[]): {nodes: Node[]; byDC: Record<string, number>; excluded: Record<string, number>} {
  const out: Node[] = []
  const byDC: Record<string, number> = {}
  const excluded: Record<string, number> = {}
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1)
  for (const n of nodes) {
    if (!nodeInScope(job, n)) {
      exclude((n.NodePool || 'default') !== (job.NodePool || 'default') && job.NodePool !== 'all' ? 'node pool' : 'datacenter')
      continue
    }
    if (n.Status !== 'ready') {
      exclude(`status ${n.Status}`)
      continue
    }
    if (n.DrainStrategy) {
      exclude('draining')
      continue
    }
    if (n.SchedulingEligibility !== 'eligible') {
      exclude('ineligible')
      continue
    }
    out.push(n)
    byDC[n.Datacenter] = (byDC[n.Datacenter] ?? 0) + 1
  }
  return {nodes: out, byDC, excluded}
}
