// `zdev job status` without an ID: every job, one line each.
import type {ClusterState} from '../store/cluster-state.js'
import {formatTable, formatTime} from './format.js'
import {isTemplateJob, jobStatusOf, type JobStatusName} from './job-summary.js'

export interface JobListRow {
  id: string
  type: string // "service", "batch/periodic", "batch/parameterized" …
  priority: number
  status: JobStatusName
  version: number
  submitTime: number | null
  parentId: string | null
}

export function buildJobList(st: ClusterState): JobListRow[] {
  return Object.values(st.jobs)
    .map((j) => ({
      id: j.ID,
      type: isTemplateJob(j) ? `${j.Type}/${j.Periodic?.Enabled ? 'periodic' : 'parameterized'}` : j.Type,
      priority: j.Priority,
      status: jobStatusOf(st, j),
      version: j.Version ?? 0,
      submitTime: j.SubmitTime ?? null,
      parentId: j.ParentID ?? null,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function renderJobList(rows: JobListRow[]): string[] {
  if (rows.length === 0) return ['No running jobs']
  return formatTable(
    ['ID', 'Type', 'Priority', 'Status', 'Version', 'Submit Date'],
    rows.map((r) => [r.id, r.type, r.priority, r.status, r.version, formatTime(r.submitTime)]),
  )
}
