// Jobs as Nomad's API returns them: api.Job (GET /v1/job/:id), api.JobListStub (GET /v1/jobs)
// and api.JobSummary. Pure.
import {jobStatusOf, summarizeGroups, isTemplateJob} from '../../cluster/job-summary.js'
import type {Job} from '../../model/index.js'
import type {ClusterState} from '../../store/cluster-state.js'
import type {Keys} from '../../store/keys.js'
import {indexesOf, type Indexes, type Revisions} from '../revisions.js'
import {unixNanos} from '../time-shape.js'

/** The fields the API adds to a stored job; stripped again from a job a client submits. */
export const JOB_INDEX_FIELDS = ['CreateIndex', 'ModifyIndex', 'JobModifyIndex'] as const

export function jobIndexes(revs: Revisions, keys: Keys, id: string): Indexes & {JobModifyIndex: number} {
  const ix = indexesOf(revs, keys.job(id))
  // the job key is written only when the spec changes (submitJob), so its revision is Nomad's JobModifyIndex
  return {...ix, JobModifyIndex: ix.ModifyIndex}
}

export function jobOut(st: ClusterState, job: Job, ix: Indexes & {JobModifyIndex: number}): Record<string, unknown> {
  const versions = st.jobVersions[job.ID] ?? []
  const stable = versions.find((v) => v.Version === job.Version)?.Stable ?? false
  return {
    ...job,
    Status: jobStatusOf(st, job),
    StatusDescription: '',
    Stable: stable,
    Version: job.Version ?? 0,
    SubmitTime: unixNanos(job.SubmitTime),
    ParentID: job.ParentID ?? '',
    Dispatched: Boolean(job.ParentID && job.Dispatched),
    ...ix,
  }
}

export interface TaskGroupSummary {
  Queued: number
  Complete: number
  Failed: number
  Running: number
  Starting: number
  Lost: number
  Unknown: number
}

export function jobSummary(st: ClusterState, job: Job, ix: Indexes): Record<string, unknown> {
  const Summary: Record<string, TaskGroupSummary> = {}
  for (const g of summarizeGroups(st, job)) {
    Summary[g.group] = {Queued: g.queued, Complete: g.complete, Failed: g.failed, Running: g.running, Starting: g.starting, Lost: g.lost, Unknown: 0}
  }
  const Children = {Pending: 0, Running: 0, Dead: 0}
  if (isTemplateJob(job)) {
    for (const child of Object.values(st.jobs)) {
      if (child.ParentID !== job.ID) continue
      const s = jobStatusOf(st, child)
      if (s === 'pending') Children.Pending++
      else if (s === 'running') Children.Running++
      else Children.Dead++
    }
  }
  return {JobID: job.ID, Namespace: job.Namespace, Summary, Children, ...ix}
}

export function jobStub(st: ClusterState, job: Job, ix: Indexes & {JobModifyIndex: number}): Record<string, unknown> {
  return {
    ID: job.ID,
    ParentID: job.ParentID ?? '',
    Name: job.Name,
    Namespace: job.Namespace,
    Datacenters: job.Datacenters,
    NodePool: job.NodePool,
    Multiregion: null,
    Type: job.Type,
    Priority: job.Priority,
    Periodic: Boolean(job.Periodic?.Enabled),
    ParameterizedJob: Boolean(job.ParameterizedJob),
    Stop: job.Stop,
    Status: jobStatusOf(st, job),
    StatusDescription: '',
    JobSummary: jobSummary(st, job, ix),
    SubmitTime: unixNanos(job.SubmitTime),
    Meta: job.Meta,
    ...ix,
  }
}
