import {isTerminal} from '../model/allocation.js'
import {jobStatusText} from '../model/job-status.js'
import type {ClusterState} from '../store/cluster-state.js'

export interface ClusterSummary {
  leader: string | null
  servers: {name: string; pid: number; leader: boolean}[]
  nodes: {name: string; status: string; eligibility: string; address: string; allocs: number; cpuUsed: number; cpuTotal: number; memUsed: number; memTotal: number}[]
  jobs: {id: string; type: string; version: number; status: string; desired: number; running: number; healthy: number; failed: number; placementFailed: boolean}[]
  proxies: {name: string; listen: string; routes: number; requestsPerSec: number}[]
}

/** Pure: what `zdev status` shows of servers, nodes and jobs. */
export function summarizeCluster(st: ClusterState, leader: string | null): ClusterSummary {
  const live = st.allocs.filter((a) => !isTerminal(a))
  return {
    leader,
    servers: st.servers.map((s) => ({name: s.Name, pid: s.Pid, leader: s.Name === leader})).sort((a, b) => a.name.localeCompare(b.name)),
    nodes: st.nodes.map((n) => {
      const mine = live.filter((a) => a.NodeID === n.ID)
      const sum = (f: (t: {CpuShares: number; MemoryMB: number}) => number) => mine.reduce((acc, a) => acc + Object.values(a.AllocatedResources.Tasks).reduce((x, t) => x + f(t), 0), 0)
      return {
        name: n.Name, status: n.DrainStrategy ? `${n.Status} (draining)` : n.Status, eligibility: n.SchedulingEligibility, address: n.Address,
        allocs: mine.length, cpuUsed: sum((t) => t.CpuShares), cpuTotal: n.NodeResources.CpuShares, memUsed: sum((t) => t.MemoryMB), memTotal: n.NodeResources.MemoryMB,
      }
    }),
    jobs: Object.values(st.jobs)
      .sort((a, b) => a.ID.localeCompare(b.ID))
      .map((j) => {
        const mine = st.allocs.filter((a) => a.JobID === j.ID && a.DesiredStatus === 'run')
        const running = mine.filter((a) => a.ClientStatus === 'running')
        const healthy = running.filter((a) => !st.services.some((s) => s.AllocID === a.ID && !s.Healthy))
        const desired = j.Stop ? 0 : j.Periodic?.Enabled || j.ParameterizedJob ? 0 : j.TaskGroups.reduce((n, g) => n + g.Count, 0)
        const placementFailed = st.evals.some((e) => e.JobID === j.ID && e.Status === 'blocked')
        const status = jobStatusText(j, st.allocs)
        return {id: j.ID, type: j.Type, version: j.Version ?? 0, status, desired, running: running.length, healthy: healthy.length, failed: mine.filter((a) => a.ClientStatus === 'failed').length, placementFailed}
      }),
    proxies: st.proxies.map((p) => ({name: p.Name, listen: p.Listen, routes: p.Routes, requestsPerSec: p.RequestsPerSec})),
  }
}
