import type {ChaosObserver} from './context.js'
import {inject, pickTarget} from './fault-inject.js'
import {watchFault} from './fault-watch.js'
import {readInventory} from './inventory-read.js'
import type {ChaosOptions} from './options.js'
import {buildReport, type ChaosReport} from './report.js'
import {buildSchedule} from './schedule.js'
import {openSession, type Session} from './session.js'
import {settleInventory} from './settle.js'
import type {FaultEvent, PlannedFault} from './types.js'

// `zdev chaos` without a scenario: the seeded schedule, one fault at a time (a fault whose turn
// comes while the previous one still heals waits for it), under the bounded load.

/** How long one fault may take to heal before the run gives up on it. */
export function recoveryLimit(o: ChaosOptions): number {
  return Math.min(120_000, Math.max(20_000, o.maxRecoveryMs * 3))
}

export async function runRandomChaos(file: string, o: ChaosOptions, observer: ChaosObserver): Promise<ChaosReport> {
  const s = await openSession(file, observer)
  try {
    const before = await readInventory(s.ctx.store)
    const schedule = buildSchedule(o.seed, o.durationMs, o.kinds)
    const limit = recoveryLimit(o)
    const runStart = Date.now()
    observer.onEvent({type: 'start', mode: 'random', title: `seed ${o.seed}: ${schedule.map((f) => `${f.action} ${f.kind} at ${(f.atMs / 1000).toFixed(1)}s`).join(', ')}`, durationMs: o.durationMs, targets: s.ctx.targets.length, at: runStart})
    // the load runs for the whole run, plus room for the last faults to heal (bounded)
    const load = s.startLoad(o.rate, o.concurrency, o.durationMs + limit)
    const events: FaultEvent[] = []
    for (const [i, f] of schedule.entries()) {
      const due = runStart + f.atMs
      if (due > Date.now()) await sleep(due - Date.now())
      events.push(await oneFault(s, f, `fault ${i + 1}`, limit))
    }
    const end = runStart + o.durationMs
    if (end > Date.now()) await sleep(end - Date.now())
    const samples = await load.stop()
    const runEnd = Date.now()
    const after = await settleInventory(s.ctx.store, before, 15_000)
    return buildReport({mode: 'random', cluster: s.ctx.platform.name, seed: o.seed, runStart, runEnd, samples, events, before, after, thresholds: {minAvailability: o.minAvailability, maxRecoveryMs: o.maxRecoveryMs}})
  } finally {
    s.close()
  }
}

async function oneFault(s: Session, f: PlannedFault, id: string, limit: number): Promise<FaultEvent> {
  const ev: FaultEvent = {id, kind: f.kind, action: f.action === 'pause' ? `pause ${f.pauseMs} ms` : 'kill', target: f.kind, injectedAt: Date.now(), detectedAt: null, recoveredAt: null}
  try {
    const baseline = await s.read()
    ev.target = await pickTarget(s.ctx, f.kind, f.pick)
    ev.injectedAt = Date.now()
    const inj = await inject(s.ctx, ev.target, f.action, f.pauseMs)
    ev.target = inj.target
    ev.message = inj.message
    s.ctx.observer.onEvent({type: 'fault', phase: 'injected', event: ev, detail: inj.message, at: ev.injectedAt})
    await watchFault(s.ctx, ev, baseline, s.read, inj.back, limit)
    await inj.settled
  } catch (err) {
    ev.error = `could not inject: ${(err as Error).message}`
    s.ctx.observer.onEvent({type: 'fault', phase: 'failed', event: ev, detail: ev.error, at: Date.now()})
  }
  return ev
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
