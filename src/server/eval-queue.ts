import type {Evaluation} from '../model/index.js'

/**
 * Pending evaluations in the order they should run: ready ones by priority then age; delayed
 * ones (WaitUntil, e.g. a reschedule back-off) become ready when their time comes. At most one
 * evaluation per job is queued: a newer one for the same job supersedes (the scheduler always
 * reads the whole current state, so one run catches up with every trigger).
 */
export class EvalQueue {
  private readonly byJob = new Map<string, Evaluation[]>()

  push(ev: Evaluation): void {
    const list = this.byJob.get(ev.JobID) ?? []
    if (list.some((e) => e.ID === ev.ID)) return
    list.push(ev)
    this.byJob.set(ev.JobID, list)
  }

  remove(evalId: string): void {
    for (const [job, list] of this.byJob) {
      const rest = list.filter((e) => e.ID !== evalId)
      if (rest.length) this.byJob.set(job, rest)
      else this.byJob.delete(job)
    }
  }

  /** The next evaluation ready at `now`, and the other ready ones of the same job it stands for. */
  take(now: number): {ev: Evaluation; superseded: Evaluation[]} | null {
    let best: Evaluation | null = null
    for (const list of this.byJob.values()) {
      for (const e of list) {
        if ((e.WaitUntil ?? 0) > now) continue
        if (!best || e.Priority > best.Priority || (e.Priority === best.Priority && e.CreateTime < best.CreateTime)) best = e
      }
    }
    if (!best) return null
    const list = this.byJob.get(best.JobID)!
    const ready = list.filter((e) => (e.WaitUntil ?? 0) <= now)
    const rest = list.filter((e) => (e.WaitUntil ?? 0) > now)
    if (rest.length) this.byJob.set(best.JobID, rest)
    else this.byJob.delete(best.JobID)
    return {ev: best, superseded: ready.filter((e) => e.ID !== best!.ID)}
  }

  /** When the earliest delayed evaluation becomes ready (null when none waits). */
  nextWake(now: number): number | null {
    let t: number | null = null
    for (const list of this.byJob.values()) for (const e of list) if ((e.WaitUntil ?? 0) > now) t = t === null ? e.WaitUntil! : Math.min(t, e.WaitUntil!)
    return t
  }

  size(): number {
    let n = 0
    for (const list of this.byJob.values()) n += list.length
    return n
  }

  hasPendingFor(jobId: string): boolean {
    return this.byJob.has(jobId)
  }
}
