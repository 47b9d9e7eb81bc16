// The one wording of a job's status that `zdev status` and the dashboard both print. Pure.
import type {Allocation} from './allocation.js'
import type {Job} from './job.js'

/**
 * "running" while an allocation that should run runs; "pending" while one starts (or none could
 * be placed yet); "dead" for a batch job whose allocations ended; "dead (stopped)" and
 * "running (periodic)" for stopped jobs and periodic parents.
 */
export function jobStatusText(job: Job, allocs: readonly Allocation[]): string {
  if (job.Stop) return 'dead (stopped)'
  if (job.Periodic?.Enabled) return 'running (periodic)'
  const mine = allocs.filter((a) => a.JobID === job.ID && a.DesiredStatus === 'run')
  if (mine.some((a) => a.ClientStatus === 'running')) return 'running'
  if (mine.some((a) => a.ClientStatus === 'pending')) return 'pending'
  return job.Type === 'batch' ? 'dead' : 'pending'
}
