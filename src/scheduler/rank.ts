// Ranking: named scores added per node, averaged into the final score (Nomad's
// ScoreNormalizationIterator). Bin-packing always; the rest only when they apply.
import type {Node} from '../model/index.js'
import {matchesNode, resolveTarget} from './constraints.js'
import {allocsOnNode, propertyCounts, type EvalContext} from './eval-context.js'
import type {GroupPlacer} from './feasible.js'
import type {GroupAsk} from './resources.js'
import type {NodeUsage} from './state.js'

/**
 * Nomad's ScoreFitBinPack, normalised to [0, 1]: fuller nodes score higher. With `spread`,
 * ScoreFitSpread: emptier nodes score higher.
 */
export function scoreBinPack(node: Node, u: NodeUsage, ask: GroupAsk, spread = false): number {
  const capCpu = node.NodeResources.CpuShares - node.ReservedResources.CpuShares
  const capMem = node.NodeResources.MemoryMB - node.ReservedResources.MemoryMB
  const freeCpu = capCpu > 0 ? 1 - (u.cpu + ask.cpu) / capCpu : 0
  const freeMem = capMem > 0 ? 1 - (u.mem + ask.mem) / capMem : 0
  const total = Math.pow(10, freeCpu) + Math.pow(10, freeMem)
  const score = Math.min(18, Math.max(0, spread ? total - 2 : 20 - total))
  return score / 18
}

function scoreAffinity(p: GroupPlacer, node: Node): number {
  let sum = 0
  let total = 0
  for (const a of p.affinities) {
    total += Math.abs(a.Weight)
    if (matchesNode(a, node)) sum += a.Weight
  }
  return total === 0 ? 0 : sum / total
}

function evenSpreadBoost(counts: Map<string, number>, value: string): number {
  if (counts.size === 0) return 0
  let min = Infinity
  let max = 0
  for (const c of counts.values()) {
    if (c < min) min = c
    if (c > max) max = c
  }
  const cur = counts.get(value) ?? 0
  if (cur < min) min = cur
  if (max === 0) return 0
  if (cur < max) return (max - cur) / max
  if (min === max) return 0
  return -(cur - min) / cur
}

function scoreSpread(ctx: EvalContext, p: GroupPlacer, node: Node, count: number): number {
  let sumWeights = 0
  for (const s of p.spreads) sumWeights += s.Weight || 0
  if (sumWeights === 0) sumWeights = p.spreads.length
  let score = 0
  for (const s of p.spreads) {
    const frac = (s.Weight || (sumWeights === p.spreads.length ? 1 : 0)) / sumWeights
    const value = resolveTarget(s.Attribute, node)
    if (value === undefined) {
      score -= frac
      continue
    }
    const counts = propertyCounts(ctx, p.tg.Name, s.Attribute)
    const targets = s.SpreadTarget ?? []
    if (targets.length === 0) {
      score += frac * evenSpreadBoost(counts, value)
      continue
    }
    const t = targets.find((x) => x.Value === value)
    const percent = t ? t.Percent : 100 - targets.reduce((a, x) => a + x.Percent, 0)
    const desired = (percent / 100) * count
    if (desired <= 0) {
      score -= frac
      continue
    }
    const used = (counts.get(value) ?? 0) + 1 // counting the allocation being placed
    score += frac * Math.max(-1, Math.min(1, (desired - used) / desired))
  }
  return score
}

/** The named scores of one node for one placement; NaN where a stage does not apply. */
export interface NodeScores {
  binpack: number
  antiAffinity: number
  penalty: number
  affinity: number
  spread: number
  norm: number // the mean of the scores that apply
}

export function scoreNode(
  ctx: EvalContext,
  p: GroupPlacer,
  node: Node,
  i: number,
  u: NodeUsage,
  penaltyNodes: ReadonlySet<string> | undefined,
): NodeScores {
  const binpack = scoreBinPack(node, u, p.ask, ctx.spreadAlgorithm)
  let sum = binpack
  let n = 1
  let antiAffinity = NaN
  let penalty = NaN
  let affinity = NaN
  let spread = NaN
  const collisions = allocsOnNode(ctx, p.tg.Name, i)
  if (collisions > 0) {
    antiAffinity = -(collisions + 1) / Math.max(1, p.tg.Count)
    sum += antiAffinity
    n++
  }
  if (penaltyNodes?.has(node.ID)) {
    penalty = -1
    sum -= 1
    n++
  }
  if (p.affinities.length > 0) {
    affinity = scoreAffinity(p, node)
    sum += affinity
    n++
  }
  if (p.spreads.length > 0) {
    spread = scoreSpread(ctx, p, node, p.tg.Count)
    sum += spread
    n++
  }
  return {binpack, antiAffinity, penalty, affinity, spread, norm: sum / n}
}

/** Nomad's score names, for the metrics. */
export function namedScores(s: NodeScores): Record<string, number> {
  const out: Record<string, number> = {binpack: s.binpack}
  if (!Number.isNaN(s.antiAffinity)) out['job-anti-affinity'] = s.antiAffinity
  if (!Number.isNaN(s.penalty)) out['node-reschedule-penalty'] = s.penalty
  if (!Number.isNaN(s.affinity)) out['node-affinity'] = s.affinity
  if (!Number.isNaN(s.spread)) out['allocation-spread'] = s.spread
  return out
}
