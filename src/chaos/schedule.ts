import {seededRng, shuffled} from './prng.js'
import type {FaultKind, PlannedFault} from './types.js'

// The seeded fault schedule of a random run: every chosen kind once per round, in a shuffled
// order, at jittered times spread over the run after a lead-in (so the load has a baseline).
// Same seed, duration and kinds → the same schedule. Pure.

/** Time left after the last fault for the platform to heal before the run ends. */
export const TAIL_FRACTION = 0.15
/** A round of faults per this much run time (at least one round). */
export const ROUND_MS = 60_000

export function buildSchedule(seed: number, durationMs: number, kinds: readonly FaultKind[]): PlannedFault[] {
  if (kinds.length === 0) return []
  const rng = seededRng(seed)
  const rounds = Math.max(1, Math.floor(durationMs / ROUND_MS))
  const order = Array.from({length: rounds}, () => shuffled(kinds, rng)).flat()
  const leadIn = Math.min(2000, Math.floor(durationMs * 0.1))
  const span = Math.floor(durationMs * (1 - TAIL_FRACTION)) - leadIn
  const slot = span / order.length
  return order.map((kind, i) => {
    const jitter = Math.floor(rng.next() * slot * 0.3)
    const pause = kind !== 'task' && rng.next() < 0.25
    const pick = rng.u32()
    const f: PlannedFault = {atMs: leadIn + Math.floor(slot * i) + jitter, kind, action: pause ? 'pause' : 'kill', pick}
    if (pause) f.pauseMs = 1000 + 500 * rng.int(5)
    return f
  })
}
