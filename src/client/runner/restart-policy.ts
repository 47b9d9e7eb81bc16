import type {JobType, RestartPolicy} from '../../model/index.js'
import {formatGoDuration, msFromNs} from './duration.js'

// Nomad's restart tracker as a pure state machine. The window (`interval`) opens when the task
// first starts; each exit inside it uses one attempt. Within `attempts` the task restarts after
// `delay` plus up to 25% jitter; past them mode "fail" gives up (the alloc fails and may be
// rescheduled) and mode "delay" waits for the window to end, then counts afresh.

export interface RestartTracker {
  count: number
  windowStart: number // epoch ms
}

export type ExitKind =
  | {kind: 'exited'; exitCode: number | null; signal: string | null}
  | {kind: 'start-error'; recoverable: boolean; message: string}

/** Whether the task restarts when it ends successfully (exit 0). */
export type SuccessMode = 'restart' | 'complete'

export type RestartDecision =
  | {action: 'restart'; delayMs: number; message: string}
  | {action: 'stop'; failed: boolean; message: string}

export const DEFAULT_RESTART: Record<'service' | 'batch', RestartPolicy> = {
  service: {Attempts: 2, Interval: 30 * 60e9, Delay: 15e9, Mode: 'fail'},
  batch: {Attempts: 3, Interval: 24 * 3600e9, Delay: 15e9, Mode: 'fail'},
}

export function newRestartTracker(now: number): RestartTracker {
  return {count: 0, windowStart: now}
}

/** Batch-like jobs (and ephemeral lifecycle tasks) finish on exit 0; services restart. */
export function successModeFor(jobType: JobType, ephemeralHook: boolean): SuccessMode {
  return ephemeralHook || jobType === 'batch' || jobType === 'sysbatch' ? 'complete' : 'restart'
}

export function decideRestart(
  tracker: RestartTracker,
  exit: ExitKind,
  policy: RestartPolicy,
  successMode: SuccessMode,
  now: number,
  jitter: number, // 0..1, injected randomness
): {tracker: RestartTracker; decision: RestartDecision} {
  const success = exit.kind === 'exited' && exit.exitCode === 0 && !exit.signal
  if (success && successMode === 'complete') {
    return {tracker, decision: {action: 'stop', failed: false, message: ''}}
  }
  if (exit.kind === 'start-error' && !exit.recoverable) {
    return {tracker, decision: {action: 'stop', failed: true, message: 'Error was unrecoverable'}}
  }
  if (policy.Attempts <= 0) {
    return {tracker, decision: {action: 'stop', failed: !success, message: 'Policy allows no restarts'}}
  }
  let t = {...tracker}
  const intervalMs = msFromNs(policy.Interval)
  if (now > t.windowStart + intervalMs) t = {count: 0, windowStart: now}
  t.count++
  if (t.count <= policy.Attempts) {
    const delayMs = Math.round(msFromNs(policy.Delay) * (1 + 0.25 * jitter))
    return {tracker: t, decision: {action: 'restart', delayMs, message: `Task restarting in ${formatGoDuration(delayMs * 1e6)}`}}
  }
  const why = `Exceeded allowed attempts ${policy.Attempts} in interval ${formatGoDuration(policy.Interval)} and mode is "${policy.Mode}"`
  if (policy.Mode === 'fail') return {tracker: t, decision: {action: 'stop', failed: true, message: why}}
  const delayMs = Math.max(0, t.windowStart + intervalMs - now)
  return {tracker: t, decision: {action: 'restart', delayMs, message: why}}
}
