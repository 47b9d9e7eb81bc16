// The mutable scratch space of one scheduler run: proposed usage on top of the snapshot's
// (written into the snapshot's usage array with an undo log that restoreState replays when the
// run ends, so a run costs O(changes), not a copy of every node's usage; port sets are copied
// per node on write), the job's live allocations and per-property counts.
import type {Allocation, Job, Node} from '../model/index.js'
import {resolveTarget} from './constraints.js'
import type {Rng} from './rng.js'
import {addPorts, addUsed, holdsResources, NO_PORTS, STRIDE, USED_CPU, USED_DISK, USED_MEM, usageIn, type ClusterState, type NodeUsage} from './state.js'
import {ValueCounts} from './value-counts.js'

export interface EvalContext {
  st: ClusterState
  job: Job
  jobs: Record<string, Job> // every job of the snapshot (preemption reads their priorities)
  preempt: boolean // this scheduler may evict lower-priority allocations (preempt.ts)
  evalId: string
  now: number
  rng: Rng
  newId: () => string
  // true when the caller owns `st` and wants usage written straight into it (simulate)
  inPlace: boolean
  spreadAlgorithm: boolean // Nomad's "spread" scheduler algorithm instead of bin-packing
  // simulate: new allocations go here instead of into the plan, and are not kept (bounded memory)
  sink?: (a: Allocation, i: number) => void // i: the node's index in the cluster state
  res: Float64Array // capacity and proposed usage by node index (state.ts): st.res, changed in place
  undo: number[] | null // [offset, previous value] pairs of st.res to put back (null: inPlace, keep the changes)
  touchedPorts: Map<number, Set<number>> // copy-on-write port sets by node index
  live: Map<string, Allocation> // the job's allocations holding resources, as proposed
  onNode: Map<string, Map<number, number>> // group ('*' = whole job) -> node index -> count (sparse: O(allocs), not O(nodes), per run)
  props: Map<string, ValueCounts> // "group|target" -> allocations by the target's value
  // The run's state of the modules above (placement, preemption), by key. Not a WeakMap keyed
  // by the context: V8's young-generation collections keep an ephemeron's value alive, so every
  // evaluation's state was promoted to the old generation and left to full collections.
  slots: unknown[] // by RunSlot.id
}

/** A key for one module's state of a run, made on first use; `done` runs when the run ends (endRun). */
export interface RunSlot<T> {
  id: number
  make: (ctx: EvalContext) => T
  done?: (v: T) => void
}

const slotDone: (((v: never) => void) | undefined)[] = [] // by RunSlot.id

export function newRunSlot<T>(make: (ctx: EvalContext) => T, done?: (v: T) => void): RunSlot<T> {
  slotDone.push(done)
  return {id: slotDone.length - 1, make, done}
}

export function runSlot<T>(ctx: EvalContext, slot: RunSlot<T>): T {
  let v = ctx.slots[slot.id] as T | undefined
  if (v === undefined) ctx.slots[slot.id] = v = slot.make(ctx)
  return v
}

export function newEvalContext(st: ClusterState, job: Job, evalId: string, now: number, rng: Rng, newId: () => string, inPlace = false, spreadAlgorithm = false, jobs: Record<string, Job> = {}, preempt = false): EvalContext {
  const ctx: EvalContext = {st, job, jobs, preempt, evalId, now, rng, newId, inPlace, spreadAlgorithm, res: st.res, undo: inPlace ? null : [], touchedPorts: new Map(), live: new Map(), onNode: new Map(), props: new Map(), slots: []}
  for (const a of st.allocsByJob.get(job.ID) ?? []) {
    if (holdsResources(a)) {
      ctx.live.set(a.ID, a)
      const i = st.index.get(a.NodeID)
      if (i !== undefined) countOnNode(ctx, a, i, 1)
    }
  }
  return ctx
}

/** The group's ('*': the job's) node -> count map, created on first use. */
export function onNodeMap(ctx: EvalContext, group: string): Map<number, number> {
  let m = ctx.onNode.get(group)
  if (!m) ctx.onNode.set(group, (m = new Map()))
  return m
}

function bump(m: Map<number, number>, i: number, d: 1 | -1): void {
  const n = (m.get(i) ?? 0) + d
  if (n > 0) m.set(i, n)
  else m.delete(i)
}

function countOnNode(ctx: EvalContext, a: Allocation, i: number, d: 1 | -1): void {
  bump(onNodeMap(ctx, '*'), i, d)
  bump(onNodeMap(ctx, a.TaskGroup), i, d)
}

/** The job's (group's) proposed allocations on the node at index `i`. */
export function allocsOnNode(ctx: EvalContext, group: string, i: number): number {
  const m = ctx.onNode.get(group)
  return m === undefined ? 0 : (m.get(i) ?? 0)
}

/** Ports in use on the node at index `i`, as proposed. */
export function portsAt(ctx: EvalContext, i: number): ReadonlySet<number> {
  return ctx.touchedPorts.get(i) ?? ctx.st.ports[i] ?? NO_PORTS
}

/** Proposed usage of the node at index `i`, as a value. */
export function usageAt(ctx: EvalContext, i: number): NodeUsage {
  return usageIn(ctx.res, portsAt(ctx, i), i)
}

function mutableRes(ctx: EvalContext, i: number): Float64Array {
  const u = ctx.undo
  if (u !== null) {
    const o = STRIDE * i
    u.push(o + USED_CPU, ctx.res[o + USED_CPU]!, o + USED_MEM, ctx.res[o + USED_MEM]!, o + USED_DISK, ctx.res[o + USED_DISK]!)
  }
  return ctx.res
}

/** Puts the snapshot's usage back as it was before the run (a no-op for an inPlace run). */
export function restoreState(ctx: EvalContext): void {
  const u = ctx.undo
  if (u === null) return
  for (let k = u.length - 2; k >= 0; k -= 2) ctx.res[u[k]!] = u[k + 1]!
  u.length = 0
}

/** Ends a run: restoreState, then each module's `done` on its state (the context is not used after). */
export function endRun(ctx: EvalContext): void {
  restoreState(ctx)
  const vs = ctx.slots
  for (let k = 0; k < vs.length; k++) {
    const v = vs[k]
    const done = slotDone[k]
    if (v !== undefined && done) done(v as never)
  }
}

function mutablePorts(ctx: EvalContext, i: number): Set<number> {
  if (ctx.inPlace) return (ctx.st.ports[i] ??= new Set())
  let s = ctx.touchedPorts.get(i)
  if (!s) ctx.touchedPorts.set(i, (s = new Set(ctx.st.ports[i] ?? [])))
  return s
}

/** Adds or removes an allocation's resources at node `i` in the proposal. */
export function holdAt(ctx: EvalContext, a: Allocation, i: number, sign: 1 | -1): void {
  addUsed(mutableRes(ctx, i), i, a, sign)
  if (a.AllocatedResources.Shared.Ports.length > 0) addPorts(mutablePorts(ctx, i), a, sign)
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
  if (i !== undefined) {
    holdAt(ctx, a, i, -1)
    countOnNode(ctx, a, i, -1)
  }
  updateProps(ctx, a, -1)
}

/** Claims what a new allocation needs on node `i` (its node's index), in the proposal. */
export function reserveAlloc(ctx: EvalContext, a: Allocation, i: number = ctx.st.index.get(a.NodeID)!): void {
  if (!ctx.sink) ctx.live.set(a.ID, a)
  holdAt(ctx, a, i, 1)
  countOnNode(ctx, a, i, 1)
  updateProps(ctx, a, 1)
}

export function nodeOf(ctx: EvalContext, id: string): Node | undefined {
  return ctx.st.nodeById.get(id)
}
