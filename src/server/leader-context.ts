import type {Logger} from '../lib/log.js'
import type {Evaluation, EvalTrigger, Job} from '../model/index.js'
import {appendEvent} from '../store/events.js'
import {newEvaluation} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import {DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig} from '../scheduler/index.js'

/** What every part of the leader shares: the store, the clock, ids, the log and the event log. */
export class LeaderContext {
  /** Nodes the node monitor gives time to register after an election: not lost, not placeable. */
  readonly graceNodes = new Set<string>()
  /** How long that grace lasts (ms). */
  nodeGraceMs = 20_000
  /** The platform file's `scheduler:` (Nomad's default_scheduler_config), read on every evaluation. */
  scheduler: SchedulerConfig = DEFAULT_SCHEDULER_CONFIG

  constructor(
    readonly store: Store,
    readonly name: string,
    readonly log: Logger,
    readonly now: () => number,
    readonly newId: () => string,
  ) {}

  event(kind: string, message: string): void {
    this.log(`event ${kind}: ${message}`)
    void appendEvent(this.store, kind, message, this.now())
  }

  /** Write a new pending evaluation; the leader's watch picks it up and queues it. */
  async createEval(job: Job, trigger: EvalTrigger, extra: Partial<Evaluation> = {}): Promise<void> {
    const ev = newEvaluation(job, trigger, {now: this.now, newId: this.newId}, extra)
    await this.store.put(this.store.keys.evaluation(ev.ID), ev)
  }

  async setEval(ev: Evaluation, status: Evaluation['Status'], description: string): Promise<void> {
    await this.store.put(this.store.keys.evaluation(ev.ID), {...ev, Status: status, StatusDescription: description})
  }
}
