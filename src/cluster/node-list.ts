// `zdev node list`: every node with its state, scheduling eligibility, drain and load. Pure.
import {isTerminal, type Allocation} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {formatTable, shortId} from './format.js'

export interface NodeListRow {
  id: string
  name: string
  datacenter: string
  nodeClass: string
  nodePool: string
  address: string
  status: string
  eligibility: string
  drain: boolean
  drainComplete: boolean // draining, and nothing that must move is left on it
  allocs: number // live allocations
  cpuUsed: number
  cpuTotal: number
  memoryUsedMB: number
  memoryTotalMB: number
  drivers: string[]
}

export function buildNodeList(st: ClusterState): NodeListRow[] {
  const byNode = new Map<string, Allocation[]>()
  for (const a of st.allocs) {
    if (isTerminal(a)) continue
    const list = byNode.get(a.NodeID)
    if (list) list.push(a)
    else byNode.set(a.NodeID, [a])
  }
  return st.nodes.map((n) => {
    const live = byNode.get(n.ID) ?? []
    let cpu = 0
    let mem = 0
    for (const a of live) for (const t of Object.values(a.AllocatedResources?.Tasks ?? {})) (cpu += t.CpuShares), (mem += t.MemoryMB)
    const mustMove = live.filter((a) => !(n.DrainStrategy?.IgnoreSystemJobs && isSystemJob(st, a.JobID)))
    return {
      id: n.ID,
      name: n.Name,
      datacenter: n.Datacenter,
      nodeClass: n.NodeClass,
      nodePool: n.NodePool,
      address: n.Address,
      status: n.Status,
      eligibility: n.SchedulingEligibility,
      drain: Boolean(n.DrainStrategy),
      drainComplete: Boolean(n.DrainStrategy) && mustMove.length === 0,
      allocs: live.length,
      cpuUsed: cpu,
      cpuTotal: n.NodeResources.CpuShares,
      memoryUsedMB: mem,
      memoryTotalMB: n.NodeResources.MemoryMB,
      drivers: Object.entries(n.Drivers ?? {}).filter(([, d]) => d.Detected && d.Healthy).map(([k]) => k).sort(),
    }
  })
}

function isSystemJob(st: ClusterState, jobId: string): boolean {
  const t = st.jobs[jobId]?.Type
  return t === 'system' || t === 'sysbatch'
}

export function renderNodeList(rows: NodeListRow[]): string[] {
  if (rows.length === 0) return ['No nodes registered']
  return formatTable(
    ['ID', 'Name', 'DC', 'Class', 'Address', 'Status', 'Eligibility', 'Drain', 'Allocs', 'CPU (MHz)', 'Memory (MiB)'],
    rows.map((r) => [
      shortId(r.id),
      r.name,
      r.datacenter,
      r.nodeClass || '<none>',
      r.address,
      r.status,
      r.eligibility,
      r.drain ? (r.drainComplete ? 'complete' : 'draining') : 'false',
      r.allocs,
      `${r.cpuUsed}/${r.cpuTotal}`,
      `${r.memoryUsedMB}/${r.memoryTotalMB}`,
    ]),
  )
}
