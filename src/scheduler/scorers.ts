// The scorers of Nomad's rank iterators, each a small pure function of one node. A scorer
// that returns 0 for a node is left out of that node's average (Nomad appends a score only
// when it applies), except bin-packing, which always counts.
import type {Allocation, Node} from '../model/index.js'
import {netPriority, preemptionScore, priorityOf} from './preempt.js'
import {matchesNode} from './constraints.js'
import {propertyCounts, type EvalContext} from './eval-context.js'
import type {GroupPlacer} from './feasible.js'
import type {GroupAsk} from './resources.js'
import {spreadScore} from './spread-score.js'
import {CAP_CPU, CAP_MEM, STRIDE, USED_CPU, USED_MEM, type NodeUsage} from './state.js'

export type ScoreName = 'binpack' | 'job-anti-affinity' | 'node-reschedule-penalty' | 'node-affinity' | 'allocation-spread' | 'preemption'

export interface ScoreInput {
  ctx: EvalContext
  p: GroupPlacer
  i: number // the node's index in the cluster state (the node: ctx.st.nodes[i], read only when needed)
  penalty: ReadonlySet<string> | undefined // nodes a rescheduled allocation failed on
  victims: readonly Allocation[] | null // what placing here would preempt (preempt.ts)
  freedCpu: number // what the victims free, scored as if they were gone
  freedMem: number
  onGroup: ReadonlyMap<number, number> // the run's count of the group's allocations by node index (onNodeMap)
}

export interface Scorer {
  name: ScoreName
  always: boolean // counted in the average even when 0
  reportZero: boolean // listed in the metrics even when 0 (as Nomad's iterators do)
  applies: (p: GroupPlacer, ctx: Pick<EvalContext, 'preempt'>) => boolean // worth running for this group at all
  score: (s: ScoreInput) => number
}

/**
 * Nomad's ScoreFitBinPack, normalised to [0, 1] (divided by its maximum 18): fuller nodes
 * score higher. With the `spread` scheduler algorithm, ScoreFitSpread: emptier nodes higher.
 */
export function scoreBinPack(node: Node, u: Pick<NodeUsage, 'cpu' | 'mem'>, ask: Pick<GroupAsk, 'cpu' | 'mem'>, spread = false): number {
  const capCpu = node.NodeResources.CpuShares - node.ReservedResources.CpuShares
  const capMem = node.NodeResources.MemoryMB - node.ReservedResources.MemoryMB
  return binpackValue(capCpu, capMem, u.cpu + ask.cpu, u.mem + ask.mem, spread)
}

// e^x of the last arguments seen, direct-mapped by x's fractional bits: usage comes in a few
// sizes, so most nodes scored repeat an argument, and a lookup costs a fraction of Math.exp
// (the value is Math.exp's own, bit for bit).
const EXP_SLOTS = 256
const expArg = new Float64Array(EXP_SLOTS).fill(NaN)
const expVal = new Float64Array(EXP_SLOTS)

export function memoExp(x: number): number {
  const h = (x * 1048576) & (EXP_SLOTS - 1)
  if (expArg[h] === x) return expVal[h]!
  const v = Math.exp(x)
  expArg[h] = x
  expVal[h] = v
  return v
}

function binpackValue(capCpu: number, capMem: number, cpu: number, mem: number, spread: boolean): number {
  const freeCpu = capCpu > 0 ? 1 - cpu / capCpu : 0
  const freeMem = capMem > 0 ? 1 - mem / capMem : 0
  // 10^x as e^(x ln 10): the same value to the last bit or so, several times cheaper
  const total = memoExp(freeCpu * Math.LN10) + memoExp(freeMem * Math.LN10)
  const score = Math.min(18, Math.max(0, spread ? total - 2 : 20 - total))
  return score / 18
}

export const binpack: Scorer = {
  name: 'binpack',
  always: true,
  reportZero: true,
  applies: () => true,
  score: (s) => {
    const {ctx, p, i} = s
    const res = ctx.res
    const o = STRIDE * i
    return binpackValue(res[o + CAP_CPU]!, res[o + CAP_MEM]!, res[o + USED_CPU]! - s.freedCpu + p.ask.cpu, res[o + USED_MEM]! - s.freedMem + p.ask.mem, ctx.spreadAlgorithm)
  },
}

/** -(collisions + 1) / count for each allocation of the same job and group already on the node. */
export const jobAntiAffinity: Scorer = {
  name: 'job-anti-affinity',
  always: false,
  reportZero: true,
  applies: () => true,
  score: ({p, i, onGroup}) => {
    const collisions = onGroup.get(i) ?? 0
    return collisions > 0 ? -(collisions + 1) / Math.max(1, p.tg.Count) : 0
  },
}

export const nodeReschedulePenalty: Scorer = {
  name: 'node-reschedule-penalty',
  always: false,
  reportZero: true,
  applies: () => true,
  score: ({ctx, i, penalty}) => (penalty?.has(ctx.st.nodes[i]!.ID) ? -1 : 0),
}

/** The matched affinities' weights over the sum of all absolute weights. */
export const nodeAffinity: Scorer = {
  name: 'node-affinity',
  always: false,
  reportZero: false,
  applies: (p) => p.affinities.length > 0,
  score: ({ctx, p, i}) => {
    const node = ctx.st.nodes[i]!
    let sum = 0
    let total = 0
    for (const a of p.affinities) {
      total += Math.abs(a.Weight)
      if (matchesNode(a, node)) sum += a.Weight
    }
    return total === 0 ? 0 : sum / total
  },
}

export const allocationSpread: Scorer = {
  name: 'allocation-spread',
  always: false,
  reportZero: false,
  applies: (p) => p.spread.infos.length > 0,
  score: ({ctx, p, i}) => spreadScore(p.spread, ctx.st.nodes[i]!, (p.spreadCounts ??= p.spread.infos.map((s) => propertyCounts(ctx, p.tg.Name, s.attribute)))),
}

/** Nomad's PreemptionScoringIterator: nodes whose victims matter less score higher. */
export const preemption: Scorer = {
  name: 'preemption',
  always: false,
  reportZero: false,
  applies: (_p, ctx) => ctx.preempt,
  score: ({ctx, victims}) => (victims === null ? 0 : preemptionScore(netPriority(victims.map((v) => priorityOf(ctx, v))))),
}
