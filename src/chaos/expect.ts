import {formatMs} from './duration.js'
import type {Expectation} from './scenario-types.js'
import {firstFailure, loadFigures} from './stats.js'
import type {FaultEvent, Sample} from './types.js'

// A scenario's `expect` step, judged over everything since the run began. Pure: the runner
// calls it when the step comes due and the report keeps its answer.

export function judgeExpectation(e: Expectation, samples: readonly Sample[], events: readonly FaultEvent[], runStart: number, now: number): string[] {
  const reasons: string[] = []
  const fig = loadFigures(samples, runStart, now)
  const span = `between 0s and ${formatMs(now - runStart)}`
  if (e.failedRequests !== undefined && fig.failed > e.failedRequests) {
    const first = firstFailure(samples, runStart, now)!
    reasons.push(`expected at most ${e.failedRequests} failed requests, ${fig.failed} of ${fig.requests} failed ${span} (first at ${formatMs(first.t - runStart)}: ${first.what})`)
  }
  if (e.minAvailability !== undefined) {
    if (fig.availability === null) reasons.push(`expected availability ≥ ${e.minAvailability}%, but no request was sent ${span}`)
    else if (fig.availability < e.minAvailability) reasons.push(`expected availability ≥ ${e.minAvailability}%, got ${fig.availability}% (${fig.failed} of ${fig.requests} failed ${span})`)
  }
  if (e.maxRecoveryMs !== undefined) {
    for (const f of events) {
      if (!isFault(f) || f.injectedAt > now) continue
      const rec = f.recoveredAt === null ? null : f.recoveredAt - f.injectedAt
      if (rec === null || f.recoveredAt! > now) reasons.push(`expected every fault to recover within ${formatMs(e.maxRecoveryMs)}, ${describeEvent(f)} had not recovered after ${formatMs(now - f.injectedAt)}`)
      else if (rec > e.maxRecoveryMs) reasons.push(`expected every fault to recover within ${formatMs(e.maxRecoveryMs)}, ${describeEvent(f)} took ${formatMs(rec)}`)
    }
  }
  return reasons
}

/** A fault whose healing is judged (kill, pause); stop/start/run/expect steps are not. */
export function isFault(e: FaultEvent): boolean {
  return e.kind !== 'run' && e.kind !== 'expect' && e.kind !== 'start' && e.kind !== 'stop'
}

/** "kill node-2 (step 3, line 12)" or "kill node-2 (fault 2)". */
export function describeEvent(e: FaultEvent): string {
  return `${e.action} ${e.target} (${e.id}${e.line !== undefined ? `, line ${e.line}` : ''})`
}
