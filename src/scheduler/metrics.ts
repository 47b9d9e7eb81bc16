import type {AllocMetric} from '../model/index.js'
import {namedScores} from './rank.js'
import type {Scorer} from './scorers.js'

// Most placements filter nothing: their maps start as one shared frozen empty object and are
// replaced on first write, which saves several allocations per placement at C1M scale.
const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>
const NO_QUOTA: string[] = Object.freeze([]) as unknown as string[]

function writable(m: Record<string, number>): Record<string, number> {
  return m === NONE ? {} : m
}

export function newMetric(nodesInPool: number, nodesAvailable: Record<string, number>): AllocMetric {
  return {
    NodesEvaluated: 0,
    NodesFiltered: 0,
    NodesInPool: nodesInPool,
    NodesAvailable: nodesAvailable, // shared, read-only, within one run
    ClassFiltered: NONE,
    ConstraintFiltered: NONE,
    NodesExhausted: 0,
    ClassExhausted: NONE,
    DimensionExhausted: NONE,
    QuotaExhausted: NO_QUOTA,
    ScoreMetaData: [],
    CoalescedFailures: 0,
  }
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1
}

export function recordFiltered(m: AllocMetric, nodeClass: string, reason: string): void {
  m.NodesFiltered++
  if (nodeClass !== '') bump((m.ClassFiltered = writable(m.ClassFiltered)), nodeClass)
  bump((m.ConstraintFiltered = writable(m.ConstraintFiltered)), reason)
}

export function recordExhausted(m: AllocMetric, nodeClass: string, dimension: string): void {
  m.NodesExhausted++
  if (nodeClass !== '') bump((m.ClassExhausted = writable(m.ClassExhausted)), nodeClass)
  bump((m.DimensionExhausted = writable(m.DimensionExhausted)), dimension)
}

const TOP = 5

/**
 * Keeps the best-scored of the ranked options, highest first, ties in ranking order (Nomad
 * keeps the top five). Option k is the node ids[nodeOf[k]] with norms[k] and scores at k * scorers.length.
 */
export function recordScores(m: AllocMetric, scorers: readonly Scorer[], ids: readonly string[], nodeOf: readonly number[], norms: readonly number[], scores: readonly number[], kept: readonly number[], nk: number): void {
  const top: number[] = []
  for (let q = 0; q < nk; q++) {
    const k = kept[q]!
    const v = norms[k]!
    let j = top.length
    while (j > 0 && norms[top[j - 1]!]! < v) j--
    if (j >= TOP) continue
    // shift the lower ones down by one (dropping the sixth)
    for (let t = Math.min(top.length, TOP - 1); t > j; t--) top[t] = top[t - 1]!
    top[j] = k
  }
  const w = scorers.length
  const out = new Array<AllocMetric['ScoreMetaData'][number]>(top.length)
  for (let t = 0; t < top.length; t++) {
    const k = top[t]!
    out[t] = {NodeID: ids[nodeOf[k]!]!, Scores: namedScores(scorers, scores, k * w), NormScore: norms[k]!}
  }
  m.ScoreMetaData = out
}
