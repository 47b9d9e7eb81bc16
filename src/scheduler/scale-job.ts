import type {Job} from '../model/index.js'

/** Multiplies every group's count by k (rounded, at least 1 when it was), for simulations. */
export function scaleJobCounts(job: Job, k: number): Job {
  if (k === 1) return job
  return {...job, TaskGroups: job.TaskGroups.map((tg) => ({...tg, Count: tg.Count > 0 ? Math.max(1, Math.round(tg.Count * k)) : 0}))}
}
