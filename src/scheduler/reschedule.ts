// Reschedule policy: whether a failed allocation is replaced now, later (a follow-up evaluation
// with WaitUntil), or never (attempts used up within the interval).
import type {Allocation, ReschedulePolicy} from '../model/index.js'

export type RescheduleDecision = {kind: 'now'; delayNs: number} | {kind: 'later'; at: number; delayNs: number} | {kind: 'never'}

/** The delay before the next attempt, in ns, per delay_function. */
export function nextDelay(policy: ReschedulePolicy, previous: Allocation['RescheduleTracker']): number {
  const events = previous?.Events ?? []
  const base = policy.Delay
  let d = base
  if (events.length > 0) {
    const last = events[events.length - 1]!.Delay
    if (policy.DelayFunction === 'exponential') d = last * 2
    else if (policy.DelayFunction === 'fibonacci') {
      d = events.length >= 2 ? last + events[events.length - 2]!.Delay : last
    }
  }
  if (policy.MaxDelay > 0 && d > policy.MaxDelay) d = policy.MaxDelay
  return d
}

/** When the allocation failed: its latest task finish, or its last modification. */
export function failedAt(a: Allocation): number {
  let t = 0
  for (const s of Object.values(a.TaskStates ?? {})) if (s.FinishedAt !== null && s.FinishedAt > t) t = s.FinishedAt
  return t > 0 ? t : a.ModifyTime
}

export function decideReschedule(a: Allocation, policy: ReschedulePolicy | null, now: number): RescheduleDecision {
  if (!policy) return {kind: 'never'}
  const forced = a.DesiredTransition.ForceReschedule === true
  if (!forced && !policy.Unlimited) {
    if (policy.Attempts <= 0) return {kind: 'never'}
    const windowStart = now - policy.Interval / 1e6
    const recent = (a.RescheduleTracker?.Events ?? []).filter((e) => e.RescheduleTime > windowStart).length
    if (recent >= policy.Attempts) return {kind: 'never'}
  }
  const delayNs = forced ? 0 : nextDelay(policy, a.RescheduleTracker)
  const at = failedAt(a) + delayNs / 1e6
  return at <= now ? {kind: 'now', delayNs} : {kind: 'later', at, delayNs}
}
