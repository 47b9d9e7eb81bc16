// Indexes over a snapshot that placement needs on every node it looks at: per-node usage
// (cpu, memory, disk, ports) and allocations by job. Built once per snapshot, O(nodes + allocs).
import type {Allocation, Node} from '../model/index.js'
import {isTerminal} from '../model/index.js'
import type {Snapshot} from './types.js'

export interface NodeUsage {
  cpu: number
  mem: number
  disk: number
  ports: Set<number>
}

export interface ClusterState {
  nodes: Node[]
  nodeById: Map<string, Node>
  index: Map<string, number> // node id -> position in `nodes`, for array-indexed hot paths
  usageArr: NodeUsage[] // the same objects as `usage`, by node index
  usage: Map<string, NodeUsage>
  allocsByJob: Map<string, Allocation[]>
  allocById: Map<string, Allocation>
}

export function emptyUsage(node: Node): NodeUsage {
  return {cpu: 0, mem: 0, disk: 0, ports: new Set(node.ReservedResources.ReservedPorts)}
}

export function allocCpu(a: Allocation): number {
  let s = 0
  const tasks = a.AllocatedResources.Tasks
  for (const k in tasks) s += tasks[k]!.CpuShares
  return s
}

export function allocMem(a: Allocation): number {
  let s = 0
  const tasks = a.AllocatedResources.Tasks
  for (const k in tasks) s += tasks[k]!.MemoryMB
  return s
}

/** Adds (sign 1) or removes (sign -1) an allocation's resources from a node's usage. */
export function addUsage(u: NodeUsage, a: Allocation, sign: 1 | -1): void {
  const tasks = a.AllocatedResources.Tasks
  for (const k in tasks) {
    const t = tasks[k]!
    u.cpu += sign * t.CpuShares
    u.mem += sign * t.MemoryMB
  }
  u.disk += sign * a.AllocatedResources.Shared.DiskMB
  const ports = a.AllocatedResources.Shared.Ports
  for (let i = 0; i < ports.length; i++) {
    if (sign === 1) u.ports.add(ports[i]!.Value)
    else u.ports.delete(ports[i]!.Value)
  }
}

/** Whether an allocation holds resources on its node. */
export function holdsResources(a: Allocation): boolean {
  return !isTerminal(a)
}

export function buildState(nodes: Node[], allocs: Allocation[]): ClusterState {
  const nodeById = new Map<string, Node>()
  const usage = new Map<string, NodeUsage>()
  const index = new Map<string, number>()
  const usageArr: NodeUsage[] = []
  nodes.forEach((n, i) => {
    const u = emptyUsage(n)
    nodeById.set(n.ID, n)
    usage.set(n.ID, u)
    index.set(n.ID, i)
    usageArr.push(u)
  })
  const st: ClusterState = {nodes, nodeById, index, usageArr, usage, allocsByJob: new Map(), allocById: new Map()}
  for (const a of allocs) indexAlloc(st, a)
  return st
}

function indexAlloc(st: ClusterState, a: Allocation): void {
  st.allocById.set(a.ID, a)
  let list = st.allocsByJob.get(a.JobID)
  if (!list) st.allocsByJob.set(a.JobID, (list = []))
  list.push(a)
  const u = st.usage.get(a.NodeID)
  if (u && holdsResources(a)) addUsage(u, a, 1)
}

/** Replaces (or adds) one allocation in a mutable state, keeping usage in step. */
export function upsertAlloc(st: ClusterState, a: Allocation, keepAllocs = true): void {
  const prev = st.allocById.get(a.ID)
  if (prev) {
    const u = st.usage.get(prev.NodeID)
    if (u && holdsResources(prev)) addUsage(u, prev, -1)
    if (keepAllocs) {
      const list = st.allocsByJob.get(prev.JobID)!
      list[list.indexOf(prev)] = a
      st.allocById.set(a.ID, a)
    } else st.allocById.delete(a.ID)
    const u2 = st.usage.get(a.NodeID)
    if (u2 && holdsResources(a)) addUsage(u2, a, 1)
    return
  }
  if (keepAllocs) indexAlloc(st, a)
  else {
    const u = st.usage.get(a.NodeID)
    if (u && holdsResources(a)) addUsage(u, a, 1)
  }
}

const cache = new WeakMap<Snapshot, ClusterState>()

/** The state of a snapshot, built once and cached (snapshots are immutable). */
export function stateOf(snap: Snapshot): ClusterState {
  let st = cache.get(snap)
  if (!st) {
    st = buildState(snap.nodes, snap.allocs)
    cache.set(snap, st)
  }
  return st
}
