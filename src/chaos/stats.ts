import type {Sample} from './types.js'

// Load figures from samples. Pure.

/** Nearest-rank percentile (q in 0..1) of `values`; null when empty. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1]!
}

export interface LoadFigures {
  requests: number
  ok: number
  failed: number
  /** ok / requests in %, null without requests. */
  availability: number | null
  /** Latency of answered requests (ms). */
  p50Ms: number | null
  p99Ms: number | null
}

/** Figures of the samples that started in [from, to). */
export function loadFigures(samples: readonly Sample[], from = -Infinity, to = Infinity): LoadFigures {
  let ok = 0
  let failed = 0
  const lat: number[] = []
  for (const s of samples) {
    if (s.t < from || s.t >= to) continue
    if (s.ok) {
      ok++
      lat.push(s.ms)
    } else failed++
  }
  const requests = ok + failed
  return {requests, ok, failed, availability: requests ? round3((ok / requests) * 100) : null, p50Ms: round1(percentile(lat, 0.5)), p99Ms: round1(percentile(lat, 0.99))}
}

/** The first failed sample in [from, to), for "first failure at …". */
export function firstFailure(samples: readonly Sample[], from: number, to: number): Sample | undefined {
  let first: Sample | undefined
  for (const s of samples) if (!s.ok && s.t >= from && s.t < to && (!first || s.t < first.t)) first = s
  return first
}

const round3 = (v: number) => Math.round(v * 1000) / 1000
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10)
