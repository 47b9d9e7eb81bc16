// The mutable scratch space of one scheduler run: proposed usage on top of the snapshot's
// (copy-on-write per node), the job's live allocations and per-property counts.
import type {Allocation, Job, Node} from '../model/index.js'
import {resolveTarget} from './constraints.js'
import type {Rng} from './rng.js'
import {addUsage, holdsResources, type ClusterState, type NodeUsage} from './state.js'
import {ValueCounts} from './value-counts.js'

export interface EvalContext {
  st: ClusterState
  job: Job
  evalId: string
  now: number
  rng: Rng
  newId: () => string
  // true when the caller owns `st` and wants usage written straight into it (simulate)
  inPlace: boolean
  spreadAlgorithm: boolean // Nomad's "spread" scheduler algorithm instead of bin-packing
  // simulate: new allocations go here instead of into the plan, and are not kept (bounded memory)
  sink?: (a: Allocation) => void
  touched: (NodeUsage | undefined)[] // copy-on-write usage by node index
  live: Map<string, Allocation> // the job's allocations holding resources, as proposed
  onNode: Map<string, Map<number, number>> // group ('*' = whole job) -> node index -> count (sparse: O(allocs), not O(nodes), per run)
  props: Map<string, ValueCounts> // "group|target" -> allocations by the target's value
}

export function newEvalContext(st: ClusterState, job: Job, evalId: string, now: number, rng: Rng, newId: () => string, inPlace = false, spreadAlgorithm = false): EvalContext {
  const ctx: EvalContext = {st, job, evalId, now, rng, newId, inPlace, spreadAlgorithm, touched: [], live: new Map(), onNode: new Map(), props: new Map()}
  for (const a of st.allocsByJob.get(job.ID) ?? []) {
    if (holdsResources(a)) {
      ctx.live.set(a.ID, a)
      countOnNode(ctx, a, 1)
    }
  }
  return ctx
}

function bumpOnNode(ctx: EvalContext, group: string, i: number, d: 1 | -1): void {
  let m = ctx.onNode.get(group)
  if (!m) ctx.onNode.set(group, (m = new Map()))
  const n = (m.get(i) ?? 0) + d
  if (n > 0) m.set(i, n)
  else m.delete(i)
}

function countOnNode(ctx: EvalContext, a: Allocation, d: 1 | -1): void {
  const i = ctx.st.index.get(a.NodeID)
  if (i === undefined) return
  bumpOnNode(ctx, '*', i, d)
  bumpOnNode(ctx, a.TaskGroup, i, d)
}

/** The job's (group's) proposed allocations on the node at index `i`. */
export function allocsOnNode(ctx: EvalContext, group: string, i: number): number {
  const m = ctx.onNode.get(group)
  return m === undefined ? 0 : (m.get(i) ?? 0)
}

/** Proposed usage of the node at index `i`. */
export function usageAt(ctx: EvalContext, i: number): NodeUsage {
  return ctx.touched[i] ?? ctx.st.usageArr[i]!
}

export function mutableUsage(ctx: EvalContext, i: number): NodeUsage {
  if (ctx.inPlace) return ctx.st.usageArr[i]!
  let u = ctx.touched[i]
  if (!u) {
    const base = ctx.st.usageArr[i]!
    u = {cpu: base.cpu, mem: base.mem, disk: base.disk, ports: new Set(base.ports)}
    ctx.touched[i] = u
  }
  return u
}

function updateProps(ctx: EvalContext, a: Allocation, d: 1 | -1): void {
  if (ctx.props.size === 0) return
  const node = ctx.st.nodeById.get(a.NodeID)
  if (!node) return
  for (const [key, counts] of ctx.props) {
    const [group, target] = splitKey(key)
    if (group !== '*' && group !== a.TaskGroup) continue
    const v = resolveTarget(target, node)
    if (v !== undefined) counts.add(v, d)
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('|')
  return [key.slice(0, i), key.slice(i + 1)]
}

/** Counts of the job's (group's) proposed allocations by the value of a node target. */
export function propertyCounts(ctx: EvalContext, group: string, target: string): ValueCounts {
  const key = `${group}|${target}`
  let counts = ctx.props.get(key)
  if (!counts) {
    counts = new ValueCounts()
    for (const a of ctx.live.values()) {
      if (group !== '*' && a.TaskGroup !== group) continue
      const node = ctx.st.nodeById.get(a.NodeID)
      const v = node ? resolveTarget(target, node) : undefined
      if (v !== undefined) counts.add(v, 1)
    }
    ctx.props.set(key, counts)
  }
  return counts
}

/** Frees what a stopped allocation held, in the proposal. */
export function releaseAlloc(ctx: EvalContext, a: Allocation): void {
  if (!ctx.live.has(a.ID)) return
  ctx.live.delete(a.ID)
  const i = ctx.st.index.get(a.NodeID)
  if (i !== undefined) addUsage(mutableUsage(ctx, i), a, -1)
  countOnNode(ctx, a, -1)
  updateProps(ctx, a, -1)
}

/** Claims what a new allocation needs, in the proposal. */
export function reserveAlloc(ctx: EvalContext, a: Allocation): void {
  if (!ctx.sink) ctx.live.set(a.ID, a)
  addUsage(mutableUsage(ctx, ctx.st.index.get(a.NodeID)!), a, 1)
  countOnNode(ctx, a, 1)
  updateProps(ctx, a, 1)
}

export function nodeOf(ctx: EvalContext, id: string): Node | undefined {
  return ctx.st.nodeById.get(id)
}
