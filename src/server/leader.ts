import type {Evaluation, Node} from '../model/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {trimEvents} from '../store/events.js'
import {AllocWatcher} from './alloc-watcher.js'
import {EvalQueue} from './eval-queue.js'
import type {LeaderContext} from './leader-context.js'
import {NodeMonitor} from './node-monitor.js'
import {PeriodicDispatcher} from './periodic-dispatcher.js'
import {collectPurged} from './purge-gc.js'
import {processEvaluation} from './scheduling.js'

/** Debounce: run `fn` once after a burst of triggers; never two runs at once. */
function coalesce(fn: () => Promise<void>, delayMs: number, onError: (e: unknown) => void): () => void {
  let timer: NodeJS.Timeout | null = null
  let running = false
  let again = false
  const run = async () => {
    timer = null
    if (running) return void (again = true)
    running = true
    try {
      await fn()
    } catch (e) {
      onError(e)
    } finally {
      running = false
      if (again) (again = false), trigger()
    }
  }
  const trigger = () => {
    timer ??= setTimeout(() => void run(), delayMs)
  }
  return trigger
}

/**
 * Everything only the leader does: process evaluations one at a time, watch nodes, react to
 * client reports, drive deployments and launch periodic jobs. It is driven by one watch over
 * the cluster's keys. Timers run only while time matters: a running deployment or a drain
 * (checked each second), leftovers of a purged job (collected every 5 s), the event log trim
 * (every 30 s). An idle cluster costs the leader nothing but that trim.
 */
export class Leader {
  private readonly queue = new EvalQueue()
  private readonly nodes: NodeMonitor
  private readonly allocs: AllocWatcher
  private readonly periodic: PeriodicDispatcher
  private cancelWatch: (() => Promise<void>) | null = null
  private running = false
  private wake: (() => void) | null = null
  private readonly timers: NodeJS.Timeout[] = []
  private deadlineTimer: NodeJS.Timeout | null = null
  private collectTimer: NodeJS.Timeout | null = null
  private readonly checkAllocs: () => void
  private readonly refreshPeriodic: () => void
  private readonly collect: () => void
  private worker: Promise<void> | null = null

  constructor(private readonly ctx: LeaderContext) {
    this.nodes = new NodeMonitor(ctx, ctx.nodeGraceMs)
    this.allocs = new AllocWatcher(ctx)
    this.periodic = new PeriodicDispatcher(ctx)
    const onError = (e: unknown) => ctx.log(`leader task failed: ${e instanceof Error ? e.message : String(e)}`)
    this.checkAllocs = coalesce(async () => {
      if (await this.allocs.check()) this.deadlineTimer ??= this.later(() => ((this.deadlineTimer = null), this.checkAllocs()), 1000)
    }, 50, onError)
    this.refreshPeriodic = coalesce(() => this.periodic.refresh(), 100, onError)
    this.collect = coalesce(async () => {
      const r = await collectPurged(ctx)
      // what it deleted may free more (statuses of collected allocations); what waits, waits for time
      if (r.collected > 0 || r.waiting > 0) this.collectTimer ??= this.later(() => ((this.collectTimer = null), this.collect()), 5000)
    }, 500, onError)
  }

  async start(): Promise<void> {
    this.running = true
    const st = await readClusterState(this.ctx.store)
    for (const e of st.evals) if (e.Status === 'pending') this.queue.push(e)
    const k = this.ctx.store.keys
    this.cancelWatch = await this.ctx.store.watch(
      k.prefix,
      (e) => {
        if (e.key.startsWith(k.evals)) {
          if (e.type === 'put') {
            const ev = JSON.parse(e.value!) as Evaluation
            if (ev.Status === 'pending') this.queue.push(ev)
            else this.queue.remove(ev.ID)
            this.wake?.()
          }
        } else if (e.key.startsWith(k.nodes)) {
          const id = decodeURIComponent(e.key.slice(k.nodes.length))
          const p = e.type === 'put' ? this.nodes.onRegistration(JSON.parse(e.value!) as Node) : this.nodes.onDeregistration(id)
          p.catch((err) => this.ctx.log(`node monitor: ${err}`))
        } else if (e.key.startsWith(k.nodeDrains)) {
          this.checkAllocs() // a drain starts or ends: its pacing needs the timer
        } else if (e.key.startsWith(k.allocStatuses) || e.key.startsWith(k.deployments) || e.key.startsWith(k.deploymentRequests) || e.key.startsWith(k.allocRequests)) {
          this.checkAllocs()
        } else if (e.key.startsWith(k.allocs)) {
          if (e.type === 'delete') this.collect() // its status record goes too
        } else if (e.key.startsWith(k.jobs)) {
          this.refreshPeriodic()
          if (e.type === 'delete') this.collect()
        }
      },
      st.revision,
    )
    await this.nodes.init()
    this.refreshPeriodic()
    this.checkAllocs()
    this.collect()
    this.timers.push(setInterval(() => void trimEvents(this.ctx.store).catch(() => undefined), 30_000))
    this.worker = this.work()
  }

  /** A one-shot timer that does nothing once leadership ended. */
  private later(fn: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(() => this.running && fn(), ms)
  }

  async stop(): Promise<void> {
    this.running = false
    this.nodes.stop()
    for (const t of this.timers) clearInterval(t)
    for (const t of [this.deadlineTimer, this.collectTimer]) if (t) clearTimeout(t)
    this.periodic.stop()
    this.wake?.()
    await this.cancelWatch?.()
    await this.worker
  }

  private async work(): Promise<void> {
    while (this.running) {
      const next = this.queue.take(this.ctx.now())
      if (!next) {
        const wakeAt = this.queue.nextWake(this.ctx.now())
        await new Promise<void>((resolve) => {
          const t = wakeAt === null ? null : setTimeout(resolve, wakeAt - this.ctx.now())
          this.wake = () => (t && clearTimeout(t), resolve())
        })
        this.wake = null
        continue
      }
      await this.runEval(next.ev, next.superseded)
    }
  }

  private async runEval(ev: Evaluation, superseded: Evaluation[]): Promise<void> {
    try {
      const out = await processEvaluation(this.ctx.store, ev.ID, {now: this.ctx.now, newId: this.ctx.newId}, this.ctx.graceNodes, this.ctx.scheduler)
      if (out.status === 'conflict') await this.ctx.setEval(ev, 'failed', `plan conflicted ${out.attempts} times`)
      for (const s of superseded) await this.ctx.setEval(s, 'canceled', `superseded by ${ev.ID}`)
      if (out.status === 'committed' && out.plan) {
        const placed = Object.values(out.plan.NodeAllocation).flat().length
        const stopped = Object.values(out.plan.NodeUpdate).flat().length
        if (placed || stopped) this.ctx.log(`eval ${ev.ID.slice(0, 8)} job ${ev.JobID} (${ev.TriggeredBy}): ${placed} placed/updated, ${stopped} stopped`)
        for (const line of out.explanations) if (Object.keys(out.plan.FailedTGAllocs).length) this.ctx.event('placement-failed', `job ${ev.JobID}: ${line}`)
      }
    } catch (err) {
      // The KV is unavailable (quorum lost) or a bug: keep the eval pending and try again later.
      this.ctx.log(`eval ${ev.ID.slice(0, 8)} failed, retrying: ${err instanceof Error ? err.message : String(err)}`)
      this.queue.push({...ev, WaitUntil: this.ctx.now() + 1000})
    }
  }
}
