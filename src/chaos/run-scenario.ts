import path from 'node:path'
import {loadJobFile} from '../jobspec/index.js'
import {newId} from '../lib/ids.js'
import {submitJob} from '../store/jobs.js'
import type {ChaosObserver} from './context.js'
import {formatMs} from './duration.js'
import {judgeExpectation} from './expect.js'
import {inject, kindOf, resolveAlias, stopOrStart} from './fault-inject.js'
import {watchFault} from './fault-watch.js'
import type {HealthView} from './health.js'
import {readInventory} from './inventory-read.js'
import {buildReport, type ChaosReport} from './report.js'
import type {Scenario, ScenarioStep} from './scenario-types.js'
import {openSession, type Session} from './session.js'
import {settleInventory} from './settle.js'
import type {FaultEvent, Sample, Thresholds} from './types.js'

// A scenario: its steps at their times under the bounded load. Faults are watched in the
// background (steps are timed, they do not wait for healing); `expect` is judged when it comes
// due; components the scenario stopped and did not start are started again at the end.

export interface ScenarioRunOptions {
  rate: number
  concurrency: number
  thresholds: Partial<Thresholds>
  /** How long a fault may take to heal before it counts as not recovered. */
  recoveryLimitMs: number
}

export async function runScenario(file: string, sc: Scenario, o: ScenarioRunOptions, observer: ChaosObserver): Promise<ChaosReport> {
  const s = await openSession(file, observer)
  try {
    const before = await readInventory(s.ctx.store)
    const initial = await s.read()
    const runStart = Date.now()
    observer.onEvent({type: 'start', mode: 'scenario', title: `scenario ${sc.name} (${sc.steps.length} steps)`, durationMs: sc.durationMs, targets: s.ctx.targets.length, at: runStart})
    const load = s.startLoad(o.rate, o.concurrency, sc.durationMs + o.recoveryLimitMs)
    const events: FaultEvent[] = []
    const watchers: Promise<unknown>[] = []
    const stopped = new Set<string>()
    const st: StepState = {held: new Map(), runStart, initial, events, watchers, stopped, samples: load.samples, limit: o.recoveryLimitMs}
    for (const step of sc.steps) {
      const due = runStart + step.atMs
      if (due > Date.now()) await sleep(due - Date.now())
      const ev = await runStep(s, step, st)
      events.push(ev)
    }
    const end = runStart + sc.durationMs
    if (end > Date.now()) await sleep(end - Date.now())
    for (const name of [...stopped]) {
      events.push(await runStep(s, {index: 0, line: 0, atMs: Date.now() - runStart, action: 'start', target: name}, st))
    }
    await Promise.all(watchers)
    const samples = await load.stop()
    const runEnd = Date.now()
    const after = await settleInventory(s.ctx.store, before, 15_000)
    return buildReport({mode: 'scenario', cluster: s.ctx.platform.name, scenario: sc.file, runStart, runEnd, samples, events, before, after, thresholds: o.thresholds})
  } finally {
    s.close()
  }
}

interface StepState {
  /** Components an unhealed fault or a stop holds now, by event id. */
  held: Map<string, string>
  runStart: number
  initial: HealthView
  events: FaultEvent[]
  watchers: Promise<unknown>[]
  stopped: Set<string>
  samples: Sample[]
  limit: number
}

async function runStep(s: Session, step: ScenarioStep, st: StepState): Promise<FaultEvent> {
  // index 0: a component the scenario left stopped, started again at its end
  const ev: FaultEvent = {id: step.index ? `step ${step.index}` : 'restore', kind: step.action === 'kill' || step.action === 'pause' ? 'node' : step.action, action: step.action, target: step.target ?? step.file ?? '', injectedAt: Date.now(), detectedAt: null, recoveredAt: null}
  if (step.index) ev.line = step.line
  const say = (phase: 'injected' | 'failed' | 'done', detail?: string) => s.ctx.observer.onEvent({type: 'fault', phase, event: ev, detail, at: Date.now()})
  try {
    switch (step.action) {
      case 'kill':
      case 'pause': {
        const baseline = await s.read()
        const target = await resolveAlias(s.ctx, step.target!)
        ev.kind = kindOf(s.ctx, target)
        if (step.action === 'pause') ev.action = `pause ${step.pauseMs} ms`
        ev.injectedAt = Date.now()
        const inj = await inject(s.ctx, target, step.action, step.pauseMs)
        ev.target = step.target === target ? inj.target : `${step.target} (${inj.target})`
        ev.message = inj.message
        say('injected', inj.message)
        st.held.set(ev.id, target)
        const others = () => [...st.held].filter(([id]) => id !== ev.id).map(([, name]) => name)
        st.watchers.push(watchFault(s.ctx, ev, baseline, s.read, inj.back, st.limit, others).then(() => (st.held.delete(ev.id), inj.settled)))
        break
      }
      case 'stop': {
        const target = await resolveAlias(s.ctx, step.target!)
        ev.target = step.target === target ? target : `${step.target} (${target})`
        ev.injectedAt = Date.now()
        ev.message = await stopOrStart(s.ctx, target, 'stop')
        st.stopped.add(target)
        st.held.set(`stop ${target}`, target)
        say('injected', ev.message)
        break
      }
      case 'start': {
        ev.message = await stopOrStart(s.ctx, step.target!, 'start')
        st.stopped.delete(step.target!)
        st.held.delete(`stop ${step.target}`)
        say('injected', ev.message)
        // healed = nothing missing compared with the view before the scenario began (but what other faults hold now)
        const others = () => [...st.held].filter(([id]) => id !== ev.id).map(([, name]) => name)
        st.watchers.push(watchFault(s.ctx, ev, st.initial, s.read, () => true, st.limit, others))
        break
      }
      case 'run': {
        const job = await loadJobFile(step.file!, {vars: step.vars ?? {}})
        const sub = await submitJob(s.ctx.store, job, {now: Date.now, newId})
        ev.target = `${sub.job.ID} (${path.basename(step.file!)})`
        ev.message = `job ${sub.job.ID} registered, version ${sub.version}${sub.changed ? '' : ' (unchanged)'}`
        say('done', ev.message)
        break
      }
      case 'expect': {
        const reasons = judgeExpectation(step.expect!, st.samples, st.events, st.runStart, Date.now())
        ev.target = describeExpect(step)
        if (reasons.length) {
          ev.error = reasons.join('; ')
          say('failed', ev.error)
        } else {
          ev.message = 'held'
          say('done', 'held')
        }
        break
      }
    }
  } catch (err) {
    ev.error = `${step.action} failed: ${(err as Error).message}`
    say('failed', ev.error)
  }
  return ev
}

function describeExpect(step: ScenarioStep): string {
  const e = step.expect!
  const parts: string[] = []
  if (e.failedRequests !== undefined) parts.push(`failed_requests ≤ ${e.failedRequests}`)
  if (e.minAvailability !== undefined) parts.push(`availability ≥ ${e.minAvailability}%`)
  if (e.maxRecoveryMs !== undefined) parts.push(`recovery ≤ ${formatMs(e.maxRecoveryMs)}`)
  return parts.join(', ')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
