// What one allocation of a group asks for, whether a node still has it, and port assignment.
import type {AllocatedPort, AllocatedResources, Node, Port, TaskGroup} from '../model/index.js'
import {CAP_CPU, CAP_DISK, CAP_MEM, STRIDE, USED_CPU, USED_DISK, USED_MEM, type NodeUsage} from './state.js'
import type {Rng} from './rng.js'

export interface GroupAsk {
  cpu: number
  mem: number
  disk: number
  tasks: Record<string, {CpuShares: number; MemoryMB: number}>
  staticPorts: Port[]
  dynamicPorts: Port[]
  hasPorts: boolean
  // the allocations' resources when the group asks for no ports, shared by them (a field, not a
  // WeakMap keyed by the ask: see EvalContext.slots)
  portless?: AllocatedResources
}

export function groupAsk(tg: TaskGroup): GroupAsk {
  const tasks: GroupAsk['tasks'] = {}
  let cpu = 0
  let mem = 0
  const staticPorts: Port[] = []
  const dynamicPorts: Port[] = []
  const addNets = (nets: TaskGroup['Networks'] | undefined) => {
    for (const n of nets ?? []) {
      for (const p of n.ReservedPorts ?? []) staticPorts.push(p)
      for (const p of n.DynamicPorts ?? []) dynamicPorts.push(p)
    }
  }
  addNets(tg.Networks)
  for (const t of tg.Tasks) {
    tasks[t.Name] = {CpuShares: t.Resources.CPU, MemoryMB: t.Resources.MemoryMB}
    cpu += t.Resources.CPU
    mem += t.Resources.MemoryMB
    addNets(t.Resources.Networks)
  }
  return {cpu, mem, disk: tg.EphemeralDisk?.SizeMB ?? 0, tasks, staticPorts, dynamicPorts, hasPorts: staticPorts.length + dynamicPorts.length > 0, portless: undefined}
}

export function nodeCapacity(node: Node): {cpu: number; mem: number; disk: number} {
  const r = node.NodeResources
  const res = node.ReservedResources
  return {cpu: r.CpuShares - res.CpuShares, mem: r.MemoryMB - res.MemoryMB, disk: r.DiskMB - res.DiskMB}
}

function freeDynamicPorts(node: Node, used: ReadonlySet<number>, statics: Port[], need: number): boolean {
  const {MinDynamicPort: lo, MaxDynamicPort: hi} = node.NodeResources
  const range = hi - lo + 1
  if (range - used.size - statics.length >= need) return true
  const extra = new Set(statics.map((p) => p.Value))
  let free = 0
  for (let p = lo; p <= hi && free < need; p++) if (!used.has(p) && !extra.has(p)) free++
  return free >= need
}

function portsReason(node: Node, used: ReadonlySet<number>, ask: GroupAsk): string | null {
  if (ask.staticPorts.length > 0) {
    const seen = new Set<number>()
    for (const p of ask.staticPorts) {
      if (used.has(p.Value) || seen.has(p.Value)) return 'network: port collision'
      seen.add(p.Value)
    }
  }
  if (ask.dynamicPorts.length > 0) {
    if (!freeDynamicPorts(node, used, ask.staticPorts, ask.dynamicPorts.length)) return 'network: dynamic port selection failed'
  }
  return null
}

/** The exhausted dimension (Nomad's wording) or null when the ask fits on the node. */
export function checkFit(node: Node, u: NodeUsage, ask: GroupAsk): string | null {
  const r = node.NodeResources
  const res = node.ReservedResources
  if (u.cpu + ask.cpu > r.CpuShares - res.CpuShares) return 'cpu'
  if (u.mem + ask.mem > r.MemoryMB - res.MemoryMB) return 'memory'
  if (u.disk + ask.disk > r.DiskMB - res.DiskMB) return 'disk'
  return ask.hasPorts ? portsReason(node, u.ports, ask) : null
}

/** checkFit on the flat array of the cluster state (the placement hot path); ports only when asked for. */
export function fitAt(res: Float64Array, i: number, ask: GroupAsk, ports: (() => {node: Node; used: ReadonlySet<number>}) | null): string | null {
  const o = STRIDE * i
  if (res[o + USED_CPU]! + ask.cpu > res[o + CAP_CPU]!) return 'cpu'
  if (res[o + USED_MEM]! + ask.mem > res[o + CAP_MEM]!) return 'memory'
  if (res[o + USED_DISK]! + ask.disk > res[o + CAP_DISK]!) return 'disk'
  if (!ask.hasPorts || !ports) return null
  const {node, used} = ports()
  return portsReason(node, used, ask)
}

/** Picks the allocation's ports: static as asked, dynamic at random (seeded) from the node's range. */
export function assignPorts(node: Node, used: ReadonlySet<number>, ask: GroupAsk, rng: Rng): AllocatedPort[] {
  const out: AllocatedPort[] = []
  const taken = new Set<number>()
  const hostIP = node.Address
  for (const p of ask.staticPorts) {
    taken.add(p.Value)
    out.push({Label: p.Label, Value: p.Value, To: p.To, HostIP: hostIP})
  }
  const {MinDynamicPort: lo, MaxDynamicPort: hi} = node.NodeResources
  const isFree = (v: number) => !used.has(v) && !taken.has(v)
  for (const p of ask.dynamicPorts) {
    let value = -1
    for (let i = 0; i < 20 && value < 0; i++) {
      const v = lo + Math.floor(rng() * (hi - lo + 1))
      if (isFree(v)) value = v
    }
    for (let v = lo; v <= hi && value < 0; v++) if (isFree(v)) value = v
    taken.add(value)
    out.push({Label: p.Label, Value: value, To: p.To === -1 ? value : p.To, HostIP: hostIP})
  }
  return out
}

/**
 * The allocation's resources. Task sizes are shared by a group's allocations, and so is the
 * whole object when the group asks for no ports (treat as read-only).
 */
export function allocatedResources(ask: GroupAsk, ports: AllocatedPort[]): AllocatedResources {
  if (ports.length > 0) return {Tasks: ask.tasks, Shared: {DiskMB: ask.disk, Ports: ports}}
  return (ask.portless ??= {Tasks: ask.tasks, Shared: {DiskMB: ask.disk, Ports: []}})
}
