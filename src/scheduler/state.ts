// Indexes over a snapshot that placement needs on every node it looks at, built once per
// snapshot, O(nodes + allocs): capacity and usage (cpu, memory, disk) in flat typed arrays by
// node index (a placement touches a few cache lines per node, whatever the cluster size), ports
// in use, computed node classes, and allocations by job.
import type {Allocation, Node} from '../model/index.js'
import {isTerminal} from '../model/index.js'
import {classIds} from './node-class.js'
import type {Snapshot} from './types.js'

/** A node's usage, as a plain value (tests, preemption trials). */
export interface NodeUsage {
  cpu: number
  mem: number
  disk: number
  ports: ReadonlySet<number>
}

// `res` holds eight numbers per node, side by side so that filtering, checking and scoring a
// node reads one or two cache lines: capacity less reserved [cpu, memory, disk], usage [cpu,
// memory, disk], the computed class id and a spare.
export const STRIDE = 8
export const CAP_CPU = 0
export const CAP_MEM = 1
export const CAP_DISK = 2
export const USED_CPU = 3
export const USED_MEM = 4
export const USED_DISK = 5
export const CLASS = 6

export interface ClusterState {
  nodes: Node[]
  nodeById: Map<string, Node>
  index: Map<string, number> // node id -> position in `nodes`
  // ids and names by position: a placement copies them without reading the node object (at
  // 50,000 nodes, each node object read is a likely cache miss)
  ids: readonly string[]
  names: readonly string[]
  res: Float64Array // capacity and usage, STRIDE numbers per node
  ports: (Set<number> | undefined)[] // ports in use (reserved included), when any
  classId: Int32Array
  classCount: number
  allocsByJob: Map<string, Allocation[]>
  allocById: Map<string, Allocation>
}

export const NO_PORTS: ReadonlySet<number> = new Set()

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

/** Adds (sign 1) or removes (sign -1) an allocation's cpu, memory and disk at node `i`. */
export function addUsed(res: Float64Array, i: number, a: Allocation, sign: 1 | -1): void {
  const tasks = a.AllocatedResources.Tasks
  let cpu = 0
  let mem = 0
  for (const k in tasks) {
    const t = tasks[k]!
    cpu += t.CpuShares
    mem += t.MemoryMB
  }
  const o = STRIDE * i
  res[o + USED_CPU] += sign * cpu
  res[o + USED_MEM] += sign * mem
  res[o + USED_DISK] += sign * a.AllocatedResources.Shared.DiskMB
}

/** Adds or removes an allocation's ports in a node's set. */
export function addPorts(set: Set<number>, a: Allocation, sign: 1 | -1): void {
  const ports = a.AllocatedResources.Shared.Ports
  for (let k = 0; k < ports.length; k++) {
    if (sign === 1) set.add(ports[k]!.Value)
    else set.delete(ports[k]!.Value)
  }
}

/** Whether an allocation holds resources on its node. */
export function holdsResources(a: Allocation): boolean {
  return !isTerminal(a)
}

interface NodeIndex {
  nodeById: Map<string, Node>
  index: Map<string, number>
  ids: string[]
  names: string[]
  template: Float64Array // capacities and class ids, no usage
  classes: {ids: Int32Array; count: number}
  reserved: [number, number[]][] // nodes with reserved ports
}

// What depends on the node list alone, built once per list (a simulation or a benchmark builds
// many states over the same nodes): only usage is per state.
const nodeIndexes = new WeakMap<readonly Node[], NodeIndex>()

function nodeIndex(nodes: readonly Node[]): NodeIndex {
  let x = nodeIndexes.get(nodes)
  if (x) return x
  const n = nodes.length
  const nodeById = new Map<string, Node>()
  const index = new Map<string, number>()
  const ids = new Array<string>(n)
  const names = new Array<string>(n)
  const template = new Float64Array(STRIDE * n)
  const classes = classIds(nodes)
  const reserved: [number, number[]][] = []
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!
    nodeById.set(node.ID, node)
    index.set(node.ID, i)
    ids[i] = node.ID
    names[i] = node.Name
    const r = node.NodeResources
    const rr = node.ReservedResources
    template[STRIDE * i + CAP_CPU] = r.CpuShares - rr.CpuShares
    template[STRIDE * i + CAP_MEM] = r.MemoryMB - rr.MemoryMB
    template[STRIDE * i + CAP_DISK] = r.DiskMB - rr.DiskMB
    template[STRIDE * i + CLASS] = classes.ids[i]!
    if (rr.ReservedPorts.length > 0) reserved.push([i, rr.ReservedPorts])
  }
  nodeIndexes.set(nodes, (x = {nodeById, index, ids, names, template, classes, reserved}))
  return x
}

export function buildState(nodes: Node[], allocs: Allocation[]): ClusterState {
  const x = nodeIndex(nodes)
  const ports: (Set<number> | undefined)[] = new Array<Set<number> | undefined>(nodes.length).fill(undefined)
  for (const [i, list] of x.reserved) ports[i] = new Set(list)
  const st: ClusterState = {nodes, nodeById: x.nodeById, index: x.index, ids: x.ids, names: x.names, res: x.template.slice(), ports, classId: x.classes.ids, classCount: x.classes.count, allocsByJob: new Map(), allocById: new Map()}
  for (const a of allocs) indexAlloc(st, a)
  return st
}

function holdAt(st: ClusterState, a: Allocation, sign: 1 | -1): void {
  const i = st.index.get(a.NodeID)
  if (i === undefined || !holdsResources(a)) return
  addUsed(st.res, i, a, sign)
  if (a.AllocatedResources.Shared.Ports.length > 0) addPorts((st.ports[i] ??= new Set()), a, sign)
}

function indexAlloc(st: ClusterState, a: Allocation): void {
  st.allocById.set(a.ID, a)
  let list = st.allocsByJob.get(a.JobID)
  if (!list) st.allocsByJob.set(a.JobID, (list = []))
  list.push(a)
  holdAt(st, a, 1)
}

/** Replaces (or adds) one allocation in a mutable state, keeping usage in step. */
export function upsertAlloc(st: ClusterState, a: Allocation, keepAllocs = true): void {
  const prev = st.allocById.get(a.ID)
  if (prev) {
    holdAt(st, prev, -1)
    if (keepAllocs) {
      const list = st.allocsByJob.get(prev.JobID)!
      list[list.indexOf(prev)] = a
      st.allocById.set(a.ID, a)
    } else st.allocById.delete(a.ID)
    holdAt(st, a, 1)
    return
  }
  if (keepAllocs) indexAlloc(st, a)
  else holdAt(st, a, 1)
}

/** The usage of the node at index `i` as a value. */
export function usageIn(res: Float64Array, ports: ReadonlySet<number> | undefined, i: number): NodeUsage {
  const o = STRIDE * i
  return {cpu: res[o + USED_CPU]!, mem: res[o + USED_MEM]!, disk: res[o + USED_DISK]!, ports: ports ?? NO_PORTS}
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
