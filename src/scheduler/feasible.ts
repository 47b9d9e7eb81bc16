// Feasibility: what a group asks of a node, and the stages a node must pass before it is
// scored, each a small function giving Nomad's reason string. Static stages (constraints,
// drivers) are memoised per computed node class (node-class.ts), or per node when a constraint
// reads a `unique.` target; distinct_hosts and distinct_property depend on what this run
// already placed and are checked every time. stack.ts puts them in order.
import type {Affinity, Constraint, Job, Node, Spread, TaskGroup} from '../model/index.js'
import {constraintReason, globMatch, matchesNode, resolveTarget} from './constraints.js'
import {allocsOnNode, propertyCounts, type EvalContext} from './eval-context.js'
import {groupAsk, type GroupAsk} from './resources.js'
import {targetEscapes} from './node-class.js'
import {CLASS, STRIDE, type ClusterState} from './state.js'
import {groupSpreads, type GroupSpreads} from './spread-score.js'
import type {ValueCounts} from './value-counts.js'

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
  spread: GroupSpreads
  spreadCounts?: ValueCounts[] // the run's counts for each spread block, once looked up
  escaped: boolean // a static constraint reads a `unique.` target: memoise per node, not per class
  memo: (string | null | undefined)[] // static reason by computed class id
  // when escaped: by node index, holding only the nodes looked at (an array of every node per
  // group and run would cost O(nodes) per evaluation)
  nodeMemo: Map<number, string | null>
  driverMemo: Map<number, string> // the first missing driver, by the memo's key
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
    spread: groupSpreads(job, tg),
    escaped: scoped.some((s) => !isDistinct(s.c) && (targetEscapes(s.c.LTarget) || targetEscapes(s.c.RTarget))),
    memo: [],
    nodeMemo: new Map(),
    driverMemo: new Map(),
  }
}

/** One feasibility stage: the reason (Nomad's wording) a node fails it, or null. */
export interface Stage {
  name: string
  applies?: (p: GroupPlacer) => boolean // absent: always; false: the stage passes every node
  check: (ctx: EvalContext, p: GroupPlacer, node: Node, i: number) => string | null
}

function firstUnmet(cs: Constraint[], node: Node): string | null {
  for (const c of cs) if (!matchesNode(c, node)) return constraintReason(c)
  return null
}

export const jobConstraints: Stage = {name: 'job constraints', check: (_ctx, p, node) => firstUnmet(p.jobConstraints, node)}

/** The first of the group's drivers the node lacks (not detected or unhealthy). */
export function missingDriver(p: GroupPlacer, node: Node): string | undefined {
  for (const d of p.drivers) {
    const info = node.Drivers[d]
    if (!info || !info.Detected || !info.Healthy) return d
  }
  return undefined
}

export const groupDrivers: Stage = {
  name: 'task group drivers',
  check: (_ctx, p, node) => (missingDriver(p, node) === undefined ? null : 'missing drivers'),
}

export const groupConstraints: Stage = {name: 'task group constraints', check: (_ctx, p, node) => firstUnmet(p.constraints, node)}

export const distinctHosts: Stage = {
  name: 'distinct hosts',
  applies: (p) => p.distinctHosts.length > 0,
  check: (ctx, p, _node, i) => {
    for (const scope of p.distinctHosts) if (allocsOnNode(ctx, scope, i) > 0) return 'distinct_hosts'
    return null
  },
}

export const distinctProperty: Stage = {
  name: 'distinct property',
  applies: (p) => p.distinctProps.length > 0,
  check: (ctx, p, node) => {
    for (const d of p.distinctProps) {
      const v = resolveTarget(d.target, node)
      if (v === undefined) return d.reason
      if (propertyCounts(ctx, d.scope, d.target).get(v) >= d.limit) return d.reason
    }
    return null
  },
}

function memoKey(ctx: EvalContext, p: GroupPlacer, i: number): number {
  return p.escaped ? i : ctx.res[STRIDE * i + CLASS]!
}

/**
 * The stages that read only the node (constraints, drivers), memoised per computed class as
 * Nomad's FeasibilityWrapper does (per node when a constraint escapes the class). The cached
 * value is the reason itself, so every node of an ineligible class is counted under the
 * constraint that filtered its class.
 */
export function staticReason(ctx: EvalContext, stages: readonly Stage[], p: GroupPlacer, node: Node | null, i: number): string | null {
  const k = memoKey(ctx, p, i)
  let r = p.escaped ? p.nodeMemo.get(k) : p.memo[k]
  if (r === undefined) {
    const n = node ?? ctx.st.nodes[i]!
    r = null
    for (const st of stages) if ((r = st.check(ctx, p, n, i)) !== null) break
    const d = r === 'missing drivers' ? missingDriver(p, n) : undefined
    if (d !== undefined) p.driverMemo.set(k, d)
    if (p.escaped) p.nodeMemo.set(k, r)
    else p.memo[k] = r
  }
  return r
}

/** The driver a filtered node was missing (after staticReason said 'missing drivers'). */
export function driverMissingAt(ctx: EvalContext, p: GroupPlacer, i: number): string | undefined {
  return p.driverMemo.get(memoKey(ctx, p, i))
}

/**
 * The reason a node is filtered for this group, or null when it passes every stage. `node`
 * may be null: it is then read from the state only if a stage needs it.
 */
export function filterNode(ctx: EvalContext, stack: {staticStages: readonly Stage[]; dynamicStages: readonly Stage[]}, p: GroupPlacer, node: Node | null, i: number): string | null {
  const r = staticReason(ctx, stack.staticStages, p, node, i)
  if (r !== null) return r
  const dyn = stack.dynamicStages
  for (let k = 0; k < dyn.length; k++) {
    const why = dyn[k]!.check(ctx, p, node ?? ctx.st.nodes[i]!, i)
    if (why !== null) return why
  }
  return null
}

/** Whether a node is in the job's datacenters and node pool. */
export function nodeInScope(job: Job, n: Node): boolean {
  return nodeInScopeOf(job.NodePool || 'default', job.Datacenters.length > 0 ? job.Datacenters : ['*'], n)
}

function nodeInScopeOf(pool: string, dcs: readonly string[], n: Node): boolean {
  if (pool !== 'all' && (n.NodePool || 'default') !== pool) return false
  for (const d of dcs) if (globMatch(d, n.Datacenter)) return true
  return false
}

export interface Candidates {
  nodes: Node[]
  idx: Int32Array | null // their indexes in the cluster state; null when they are all the nodes, in order
  byDC: Record<string, number>
  excluded: Record<string, number>
}

/** Nodes a job may use at all (Nomad's readyNodesInDCsAndPool): ready, eligible, not draining. */
export function candidateNodes(job: Job, nodes: readonly Node[]): Candidates {
  const out: Node[] = []
  const idx: number[] = []
  const byDC: Record<string, number> = {}
  const excluded: Record<string, number> = {}
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1)
  const pool = job.NodePool || 'default'
  const dcs = job.Datacenters.length > 0 ? job.Datacenters : ['*']
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!
    if (!nodeInScopeOf(pool, dcs, n)) {
      exclude((n.NodePool || 'default') !== pool && pool !== 'all' ? 'node pool' : 'datacenter')
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
    idx.push(i)
    byDC[n.Datacenter] = (byDC[n.Datacenter] ?? 0) + 1
  }
  return {nodes: out, idx: out.length === nodes.length ? null : Int32Array.from(idx), byDC, excluded}
}

const candidateCache = new WeakMap<readonly Node[], Map<string, Candidates>>()

/** candidateNodes for a state, cached per node list, datacenters and pool (node lists do not change). */
export function candidatesOf(st: ClusterState, job: Job): Candidates {
  let m = candidateCache.get(st.nodes)
  if (!m) candidateCache.set(st.nodes, (m = new Map()))
  const key = `${job.NodePool || 'default'}|${job.Datacenters.join('\n')}`
  let c = m.get(key)
  if (!c) m.set(key, (c = candidateNodes(job, st.nodes)))
  return c
}
