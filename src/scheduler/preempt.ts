// Preemption for system jobs (Nomad enables it for system jobs by default): when a node lacks
// room, evict allocations of jobs at least 10 priority levels lower — lowest priority first,
// then the largest — until the new allocation fits. Ports are not preempted.
import type {Allocation, Node} from '../model/index.js'
import {holdsResources} from './state.js'
import {holdAt, usageAt, type EvalContext} from './eval-context.js'
import {checkFit, type GroupAsk} from './resources.js'
import type {Snapshot} from './types.js'

const PRIORITY_DELTA = 10

function allocsOnNodeIndex(ctx: EvalContext): Map<string, Allocation[]> {
  const m = new Map<string, Allocation[]>()
  for (const a of ctx.st.allocById.values()) {
    if (!holdsResources(a) || a.JobID === ctx.job.ID) continue
    let l = m.get(a.NodeID)
    if (!l) m.set(a.NodeID, (l = []))
    l.push(a)
  }
  return m
}

const cache = new WeakMap<EvalContext, {byNode: Map<string, Allocation[]>; evicted: Set<string>}>()

/** Allocations to evict so that `ask` fits on `node`, or null when even that would not do. */
export function findPreemptions(ctx: EvalContext, snap: Snapshot, node: Node, ask: GroupAsk): Allocation[] | null {
  let c = cache.get(ctx)
  if (!c) cache.set(ctx, (c = {byNode: allocsOnNodeIndex(ctx), evicted: new Set()}))
  const evicted = c.evicted
  const prio = (a: Allocation) => snap.jobs[a.JobID]?.Priority ?? 50
  const size = (a: Allocation) => Object.values(a.AllocatedResources.Tasks).reduce((s, t) => s + t.CpuShares + t.MemoryMB, 0)
  const candidates = (c.byNode.get(node.ID) ?? [])
    .filter((a) => !evicted.has(a.ID) && prio(a) <= ctx.job.Priority - PRIORITY_DELTA)
    .sort((a, b) => prio(a) - prio(b) || size(b) - size(a))
  const i = ctx.st.index.get(node.ID)!
  const base = usageAt(ctx, i)
  const trial = {cpu: base.cpu, mem: base.mem, disk: base.disk, ports: base.ports}
  const chosen: Allocation[] = []
  for (const a of candidates) {
    if (checkFit(node, trial, ask) === null) break
    trial.cpu -= Object.values(a.AllocatedResources.Tasks).reduce((s, t) => s + t.CpuShares, 0)
    trial.mem -= Object.values(a.AllocatedResources.Tasks).reduce((s, t) => s + t.MemoryMB, 0)
    trial.disk -= a.AllocatedResources.Shared.DiskMB
    chosen.push(a)
  }
  if (checkFit(node, trial, ask) !== null) return null
  for (const a of chosen) evicted.add(a.ID)
  return chosen
}

/** Frees an evicted allocation's resources in the proposal. */
export function evictUsage(ctx: EvalContext, a: Allocation): void {
  const i = ctx.st.index.get(a.NodeID)
  if (i !== undefined) holdAt(ctx, a, i, -1)
}
