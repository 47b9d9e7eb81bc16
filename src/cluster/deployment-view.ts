// A deployment as `nomad deployment status` shows it: header and per-group progress. Pure.
import type {Allocation, Deployment} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {formatKv, formatTable, formatTime, shortId} from './format.js'

export interface DeploymentGroupView {
  group: string
  autoRevert: boolean
  promoted: boolean | null // null when the group has no canaries
  desired: number
  canaries: number
  placedCanaries: number
  placed: number
  healthy: number
  unhealthy: number
  progressDeadline: number | null
}

export interface DeploymentView {
  id: string
  jobId: string
  jobVersion: number
  status: string
  description: string
  createTime: number
  groups: DeploymentGroupView[]
}

/**
 * `allocs` (the cluster's allocations) count what was placed for the deployment, since the
 * stored PlacedAllocs is not kept up to date by every writer; the larger number wins.
 */
export function buildDeploymentView(d: Deployment, allocs: readonly Allocation[] = []): DeploymentView {
  const placed = (group: string) => allocs.filter((a) => a.DeploymentID === d.ID && a.TaskGroup === group).length
  return {
    id: d.ID,
    jobId: d.JobID,
    jobVersion: d.JobVersion,
    status: d.Status,
    description: d.StatusDescription,
    createTime: d.CreateTime,
    groups: Object.entries(d.TaskGroups)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([group, g]) => ({
        group,
        autoRevert: g.AutoRevert,
        promoted: g.DesiredCanaries > 0 ? g.Promoted : null,
        desired: g.DesiredTotal,
        canaries: g.DesiredCanaries,
        placedCanaries: g.PlacedCanaries?.length ?? 0,
        placed: Math.max(g.PlacedAllocs, placed(group)),
        healthy: g.HealthyAllocs,
        unhealthy: g.UnhealthyAllocs,
        progressDeadline: g.RequireProgressBy,
      })),
  }
}

/** The "Deployed" table; canary and promotion columns only when some group has canaries. */
export function renderDeployedTable(v: DeploymentView): string[] {
  const canary = v.groups.some((g) => g.canaries > 0)
  const autoRevert = v.groups.some((g) => g.autoRevert)
  const headers = ['Task Group', ...(autoRevert ? ['Auto Revert'] : []), ...(canary ? ['Promoted'] : []), 'Desired', ...(canary ? ['Canaries'] : []), 'Placed', 'Healthy', 'Unhealthy', 'Progress Deadline']
  const rows = v.groups.map((g) => [
    g.group,
    ...(autoRevert ? [String(g.autoRevert)] : []),
    ...(canary ? [g.promoted === null ? 'N/A' : String(g.promoted)] : []),
    g.desired,
    ...(canary ? [g.canaries] : []),
    g.placed,
    g.healthy,
    g.unhealthy,
    formatTime(g.progressDeadline),
  ])
  return formatTable(headers, rows)
}

export function renderDeploymentStatus(v: DeploymentView): string[] {
  return [
    ...formatKv([
      ['ID', v.id],
      ['Job ID', v.jobId],
      ['Job Version', v.jobVersion],
      ['Status', v.status],
      ['Description', v.description || '<none>'],
    ]),
    '',
    'Deployed',
    ...renderDeployedTable(v),
  ]
}

export interface DeploymentListRow {
  id: string
  jobId: string
  jobVersion: number
  status: string
  description: string
  createTime: number
}

export function buildDeploymentList(st: ClusterState, jobId?: string): DeploymentListRow[] {
  return st.deployments
    .filter((d) => !jobId || d.JobID === jobId)
    .sort((a, b) => b.CreateTime - a.CreateTime)
    .map((d) => ({id: d.ID, jobId: d.JobID, jobVersion: d.JobVersion, status: d.Status, description: d.StatusDescription, createTime: d.CreateTime}))
}

export function renderDeploymentList(rows: DeploymentListRow[]): string[] {
  if (rows.length === 0) return ['No deployments found']
  return formatTable(['ID', 'Job ID', 'Job Version', 'Status', 'Description'], rows.map((r) => [shortId(r.id), r.jobId, r.jobVersion, r.status, r.description]))
}
