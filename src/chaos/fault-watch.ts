import type {ChaosContext, HealthReader} from './context.js'
import {healthDeficits, type HealthView} from './health.js'
import type {FaultEvent} from './types.js'

// After a fault: poll the platform's view until it shows the fault (detected) and then until
// the target is back and nothing the pre-fault view had is missing (recovered), or the limit
// passes. Detection is stamped when the poll that saw it began; recovery when the poll that
// saw it healed ended (so every request failed by the fault lies inside the window), once
// the healed view has held for STABLE_MS: a dead agent's leased keys outlive it by their TTL
// (1 s on nodes), so a view that looks whole right after a restart can still lose them.

export const POLL_MS = 200
export const STABLE_MS = 2000

/**
 * `ignore()` names components another fault holds at the moment (a scenario's overlapping
 * steps): what is missing about them is that fault's, not this one's.
 */
export async function watchFault(ctx: ChaosContext, ev: FaultEvent, baseline: HealthView, read: HealthReader, back: () => boolean, limitMs: number, ignore: () => string[] = () => []): Promise<FaultEvent> {
  const until = ev.injectedAt + limitMs
  let healedAt: number | null = null
  while (Date.now() < until) {
    const t0 = Date.now()
    const view = await read()
    const missing = healthDeficits(baseline, view, ignore())
    if (missing.length > 0 && ev.detectedAt === null) {
      ev.detectedAt = t0
      ctx.observer.onEvent({type: 'fault', phase: 'detected', event: ev, detail: missing.slice(0, 3).join('; '), at: t0})
    }
    if (missing.length === 0 && back()) {
      healedAt ??= Date.now()
      if (Date.now() - healedAt >= STABLE_MS) {
        ev.recoveredAt = healedAt
        ctx.observer.onEvent({type: 'fault', phase: 'recovered', event: ev, detail: `held ${STABLE_MS / 1000}s`, at: Date.now()})
        return ev
      }
    } else healedAt = null
    const wait = POLL_MS - (Date.now() - t0)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  ctx.observer.onEvent({type: 'fault', phase: 'gave-up', event: ev, detail: `not healed within ${limitMs} ms`, at: Date.now()})
  return ev
}
