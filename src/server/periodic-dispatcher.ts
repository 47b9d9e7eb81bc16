import type {Job} from '../model/index.js'
import {isTerminal} from '../model/allocation.js'
import {nextOfSpecs} from '../lib/cron/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {submitJob} from '../store/jobs.js'
import type {LeaderContext} from './leader-context.js'

interface LaunchRecord {
  LastLaunch: number
}

/** Nomad's periodic child id: `<parent>/periodic-<unix seconds>`. */
export function periodicChildId(parent: string, launch: number): string {
  return `${parent}/periodic-${Math.floor(launch / 1000)}`
}

/** The child job a periodic parent launches at `launch`: a plain batch job pointing back at it. */
export function deriveChildJob(parent: Job, launch: number): Job {
  const id = periodicChildId(parent.ID, launch)
  const {Version: _v, SubmitTime: _s, Status: _st, ...spec} = parent
  return {...spec, ID: id, Name: id, ParentID: parent.ID, Periodic: null, Stop: false}
}

/** The earliest launch after `after` over the job's cron specs (`cron` or `crons`) in its time_zone, or why none. */
export function nextLaunch(job: Job, after: number): number | null | string {
  const p = job.Periodic!
  const next = nextOfSpecs(p.Specs?.length ? p.Specs : [p.Spec], after, p.TimeZone)
  return next !== null && typeof next === 'object' ? next.error : next
}

/** setTimeout fires at once for delays past 2^31-1 ms; a far launch re-arms in steps instead. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Launches periodic jobs on their cron schedule in their time_zone. With prohibit_overlap a launch is skipped
 * while an earlier child still has live allocations, as Nomad does.
 */
export class PeriodicDispatcher {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private stopped = false

  constructor(private readonly ctx: LeaderContext) {}

  async refresh(): Promise<void> {
    if (this.stopped) return
    const st = await readClusterState(this.ctx.store)
    const periodic = Object.values(st.jobs).filter((j) => j.Periodic?.Enabled && !j.Stop && !j.ParentID)
    const wanted = new Set(periodic.map((j) => j.ID))
    for (const [id, t] of this.timers) if (!wanted.has(id)) (clearTimeout(t), this.timers.delete(id))
    for (const job of periodic) await this.arm(job)
  }

  stop(): void {
    this.stopped = true
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }

  private async arm(job: Job): Promise<void> {
    const prev = this.timers.get(job.ID)
    if (prev) clearTimeout(prev)
    const last = (await this.ctx.store.get<LaunchRecord>(this.ctx.store.keys.periodic(job.ID)))?.value.LastLaunch ?? 0
    const next = nextLaunch(job, Math.max(last, this.ctx.now()))
    if (typeof next === 'string') {
      this.ctx.event('periodic-invalid', `periodic job ${job.ID}: ${next}; it will not be launched`)
      return
    }
    if (next === null) return
    const delay = Math.max(0, next - this.ctx.now())
    const fire = delay > MAX_TIMER_MS ? () => void this.arm(job).catch((err) => this.ctx.log(`periodic re-arm of ${job.ID} failed: ${err}`)) : () => void this.launch(job.ID, next).catch((err) => this.ctx.log(`periodic launch of ${job.ID} failed: ${err}`))
    const t = setTimeout(fire, Math.min(delay, MAX_TIMER_MS))
    this.timers.set(job.ID, t)
  }

  private async launch(parentId: string, at: number): Promise<void> {
    this.timers.delete(parentId)
    if (this.stopped) return
    const st = await readClusterState(this.ctx.store)
    const parent = st.jobs[parentId]
    if (!parent?.Periodic?.Enabled || parent.Stop) return
    await this.ctx.store.put(this.ctx.store.keys.periodic(parentId), {LastLaunch: at} satisfies LaunchRecord)
    const running = Object.values(st.jobs).filter(
      (j) => j.ParentID === parentId && st.allocs.some((a) => a.JobID === j.ID && !isTerminal(a)),
    )
    if (parent.Periodic.ProhibitOverlap && running.length > 0) {
      this.ctx.event('periodic-skipped', `periodic job ${parentId}: launch skipped, ${running[0].ID} is still running (prohibit_overlap)`)
    } else {
      const child = deriveChildJob(parent, at)
      await submitJob(this.ctx.store, child, {now: this.ctx.now, newId: this.ctx.newId}, 'periodic-job')
      this.ctx.event('periodic-launch', `periodic job ${parentId} launched ${child.ID}`)
    }
    await this.arm(parent)
  }
}
