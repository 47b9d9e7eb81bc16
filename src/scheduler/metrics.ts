import type {AllocMetric} from '../model/index.js'
import {namedScores, type RankedNode} from './rank.js'
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

/** Keeps the best-scored nodes, highest first (Nomad keeps the top five). */
export function recordScores(m: AllocMetric, scorers: readonly Scorer[], options: (RankedNode & {node: {ID: string}})[]): void {
  const top = options.length <= 1 ? options.slice() : options.slice().sort((a, b) => b.norm - a.norm)
  if (top.length > 5) top.length = 5
  m.ScoreMetaData = top.map((o) => ({NodeID: o.node.ID, Scores: namedScores(scorers, o), NormScore: o.norm}))
}
