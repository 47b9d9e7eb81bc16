// `zdev job status ID`: the job, its groups' allocation summary, the latest deployment,
// placement failures explained and the allocations. Pure: state in, view out.
import type {AllocMetric} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {buildDeploymentView, type DeploymentView} from './deployment-view.js'
import {isTemplateJob, jobStatusOf, latestPlacementFailures, summarizeGroups, type GroupSummary, type JobStatusName} from './job-summary.js'
import {findJob, latestDeployment} from './resolve.js'

export interface AllocRow {
  id: string
  nodeId: string
  nodeName: string
  group: string
  version: number
  desired: string
  status: string
  healthy: boolean | null
  createTime: number
  modifyTime: number
}

export interface ChildJobRow {
  id: string
  status: JobStatusName
  submitTime: number | null
}

export interface JobStatusView {
  id: string
  name: string
  type: string
  priority: number
  datacenters: string[]
  namespace: string
  nodePool: string
  status: JobStatusName
  version: number
  stop: boolean
  periodic: boolean
  parameterized: boolean
  parentId: string | null
  submitTime: number | null
  groups: GroupSummary[]
  latestDeployment: DeploymentView | null
  placementFailures: Record<string, AllocMetric> | null
  allocations: AllocRow[]
  children: ChildJobRow[]
}

export function buildJobStatus(st: ClusterState, ref: string): JobStatusView {
  const job = findJob(st, ref)
  const dep = isTemplateJob(job) ? null : latestDeployment(st, job.ID)
  return {
    id: job.ID,
    name: job.Name,
    type: job.Type,
    priority: job.Priority,
    datacenters: job.Datacenters,
    namespace: job.Namespace,
    nodePool: job.NodePool,
    status: jobStatusOf(st, job),
    version: job.Version ?? 0,
    stop: job.Stop,
    periodic: Boolean(job.Periodic?.Enabled),
    parameterized: Boolean(job.ParameterizedJob),
    parentId: job.ParentID ?? null,
    submitTime: job.SubmitTime ?? null,
    groups: isTemplateJob(job) ? [] : summarizeGroups(st, job),
    latestDeployment: dep ? buildDeploymentView(dep, st.allocs) : null,
    placementFailures: latestPlacementFailures(st, job.ID),
    allocations: st.allocs
      .filter((a) => a.JobID === job.ID)
      .sort((a, b) => b.CreateTime - a.CreateTime || (a.Name < b.Name ? -1 : 1))
      .map((a) => ({
        id: a.ID,
        nodeId: a.NodeID,
        nodeName: a.NodeName,
        group: a.TaskGroup,
        version: a.JobVersion,
        desired: a.DesiredStatus,
        status: a.ClientStatus,
        healthy: a.DeploymentStatus?.Healthy ?? null,
        createTime: a.CreateTime,
        modifyTime: a.ModifyTime,
      })),
    children: Object.values(st.jobs)
      .filter((j) => j.ParentID === job.ID)
      .sort((a, b) => (b.SubmitTime ?? 0) - (a.SubmitTime ?? 0))
      .map((j) => ({id: j.ID, status: jobStatusOf(st, j), submitTime: j.SubmitTime ?? null})),
  }
}
