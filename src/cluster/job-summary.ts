// Per-job facts derived from the cluster state: Nomad's job status (pending/running/dead) and
// the per-group allocation summary. Pure.
import {isTerminal, type AllocMetric, type Job} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'

export type JobStatusName = 'pending' | 'running' | 'dead'

export interface GroupSummary {
  group: string
  desired: number
  placed: number // allocations that should run and are not terminal
  queued: number // placements that failed and wait for capacity
  starting: number
  running: number
  failed: number
  complete: number
  lost: number
}

export function isTemplateJob(job: Job): boolean {
  return !job.ParentID && Boolean(job.Periodic?.Enabled || job.ParameterizedJob)
}

/** The newest finished evaluation's placement failures, if it failed to place (blocked). */
export function latestPlacementFailures(st: ClusterState, jobId: string): Record<string, AllocMetric> | null {
  const finished = st.evals.filter((e) => e.JobID === jobId && (e.Status === 'complete' || e.Status === 'blocked'))
  const last = finished.at(-1)
  return last?.Status === 'blocked' && last.FailedTGAllocs && Object.keys(last.FailedTGAllocs).length ? last.FailedTGAllocs : null
}

export function jobStatusOf(st: ClusterState, job: Job): JobStatusName {
  const allocs = st.allocs.filter((a) => a.JobID === job.ID)
  if (allocs.some((a) => !isTerminal(a))) return 'running'
  if (job.Stop) return 'dead'
  if (isTemplateJob(job)) return 'running'
  if (st.evals.some((e) => e.JobID === job.ID && (e.Status === 'pending' || e.Status === 'blocked'))) return 'pending'
  return allocs.length ? 'dead' : 'pending'
}

export function summarizeGroups(st: ClusterState, job: Job): GroupSummary[] {
  const failures = latestPlacementFailures(st, job.ID) ?? {}
  return job.TaskGroups.map((tg) => {
    const s: GroupSummary = {group: tg.Name, desired: job.Stop ? 0 : tg.Count, placed: 0, queued: 0, starting: 0, running: 0, failed: 0, complete: 0, lost: 0}
    const f = failures[tg.Name]
    if (f) s.queued = f.CoalescedFailures + 1
    for (const a of st.allocs) {
      if (a.JobID !== job.ID || a.TaskGroup !== tg.Name) continue
      if (!isTerminal(a)) s.placed++
      if (a.ClientStatus === 'pending' && a.DesiredStatus === 'run') s.starting++
      else if (a.ClientStatus === 'running') s.running++
      else if (a.ClientStatus === 'failed') s.failed++
      else if (a.ClientStatus === 'complete') s.complete++
      else if (a.ClientStatus === 'lost') s.lost++
    }
    return s
  })
}
