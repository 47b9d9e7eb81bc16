// `zdev alloc status ID`: one allocation with its tasks, addresses, reschedule history and
// the placement metrics that chose its node. Pure: state in, view out.
import type {AllocMetric, TaskEvent} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {findAlloc} from './resolve.js'

export interface TaskView {
  name: string
  state: string
  failed: boolean
  restarts: number
  lastRestart: number | null
  startedAt: number | null
  finishedAt: number | null
  cpu: number | null
  memoryMB: number | null
  events: TaskEvent[]
}

export interface AllocStatusView {
  id: string
  evalId: string
  name: string
  nodeId: string
  nodeName: string
  jobId: string
  jobVersion: number
  group: string
  clientStatus: string
  clientDescription: string
  desiredStatus: string
  desiredDescription: string
  createTime: number
  modifyTime: number
  deploymentId: string | null
  deploymentHealth: 'healthy' | 'unhealthy' | 'unset' | null
  canary: boolean
  previousAllocation: string | null
  nextAllocation: string | null
  reschedule: {attempts: number; limit: number | null; events: {time: number; prevAllocId: string; prevNodeId: string; delayNs: number}[]}
  addresses: {label: string; address: string; to: number}[]
  tasks: TaskView[]
  metrics: AllocMetric | null
}

export function buildAllocStatus(st: ClusterState, ref: string): AllocStatusView {
  const a = findAlloc(st, ref)
  const job = (st.jobVersions[a.JobID] ?? []).find((j) => j.Version === a.JobVersion) ?? st.jobs[a.JobID]
  const tg = job?.TaskGroups.find((g) => g.Name === a.TaskGroup)
  const policy = tg?.ReschedulePolicy ?? null
  const taskNames = [...new Set([...(tg?.Tasks.map((t) => t.Name) ?? []), ...Object.keys(a.TaskStates ?? {}), ...Object.keys(a.AllocatedResources?.Tasks ?? {})])]
  const events = a.RescheduleTracker?.Events ?? []
  return {
    id: a.ID,
    evalId: a.EvalID,
    name: a.Name,
    nodeId: a.NodeID,
    nodeName: a.NodeName,
    jobId: a.JobID,
    jobVersion: a.JobVersion,
    group: a.TaskGroup,
    clientStatus: a.ClientStatus,
    clientDescription: a.ClientDescription,
    desiredStatus: a.DesiredStatus,
    desiredDescription: a.DesiredDescription,
    createTime: a.CreateTime,
    modifyTime: a.ModifyTime,
    deploymentId: a.DeploymentID,
    deploymentHealth: a.DeploymentID ? (a.DeploymentStatus?.Healthy === true ? 'healthy' : a.DeploymentStatus?.Healthy === false ? 'unhealthy' : 'unset') : null,
    canary: a.DeploymentStatus?.Canary ?? false,
    previousAllocation: a.PreviousAllocation,
    nextAllocation: a.NextAllocation,
    reschedule: {
      attempts: events.length,
      limit: policy ? (policy.Unlimited ? null : policy.Attempts) : null,
      events: events.map((e) => ({time: e.RescheduleTime, prevAllocId: e.PrevAllocID, prevNodeId: e.PrevNodeID, delayNs: e.Delay})),
    },
    addresses: (a.AllocatedResources?.Shared.Ports ?? []).map((p) => ({label: p.Label, address: `${p.HostIP}:${p.Value}`, to: p.To})),
    tasks: taskNames.map((name) => {
      const s = a.TaskStates?.[name]
      const r = a.AllocatedResources?.Tasks[name]
      return {
        name,
        state: s?.State ?? 'pending',
        failed: s?.Failed ?? false,
        restarts: s?.Restarts ?? 0,
        lastRestart: s?.LastRestart ?? null,
        startedAt: s?.StartedAt ?? null,
        finishedAt: s?.FinishedAt ?? null,
        cpu: r?.CpuShares ?? null,
        memoryMB: r?.MemoryMB ?? null,
        events: s?.Events ?? [],
      }
    }),
    metrics: a.Metrics,
  }
}
