// Nomad's SpreadIterator (scheduler/feasible/spread.go): per spread block, a boost towards
// the desired share of the attribute's value, or towards even counts when no target is given.
// Job-level spreads apply to every group; counts are the group's allocations.
import type {Job, Node, TaskGroup} from '../model/index.js'
import {targetResolver, type TargetResolver} from './constraints.js'
import type {ValueCounts} from './value-counts.js'

const IMPLICIT = '*' // the remaining share when targets do not add up to 100%

export interface SpreadInfo {
  attribute: string
  resolve: TargetResolver
  weight: number
  desired: Map<string, number> | null // null: even spread
}

export interface GroupSpreads {
  infos: SpreadInfo[]
  sumWeights: number
  lowestBoost: number // lowered as boosts are computed (Nomad keeps it per stack)
}

export function groupSpreads(job: Job, tg: TaskGroup): GroupSpreads {
  const all = [...(tg.Spreads ?? []), ...(job.Spreads ?? [])]
  const infos = all.map((s): SpreadInfo => {
    const targets = s.SpreadTarget ?? []
    const resolve = targetResolver(s.Attribute)
    if (targets.length === 0) return {attribute: s.Attribute, resolve, weight: s.Weight, desired: null}
    const desired = new Map<string, number>()
    let sum = 0
    for (const t of targets) {
      const n = (t.Percent / 100) * tg.Count
      desired.set(t.Value, n)
      sum += n
    }
    if (sum > 0 && sum < tg.Count) desired.set(IMPLICIT, tg.Count - sum)
    return {attribute: s.Attribute, resolve, weight: s.Weight, desired}
  })
  return {infos, sumWeights: all.reduce((a, s) => a + s.Weight, 0), lowestBoost: -1}
}

/** Nomad's evenSpreadScoreBoost. */
export function evenSpreadBoost(counts: ValueCounts, value: string): number {
  if (counts.size === 0) return 0
  const cur = counts.get(value)
  const {min, max} = counts
  if (cur !== min) return min === 0 ? -1 : (min - cur) / min
  if (min === max) return -1
  if (min === 0) return 1
  return (max - min) / min
}

/** The summed spread boost of a node (0 means the scorer does not count for it); counts by spread block. */
export function spreadScore(gs: GroupSpreads, node: Node, countsOf: readonly ValueCounts[]): number {
  let total = 0
  for (let k = 0; k < gs.infos.length; k++) {
    const s = gs.infos[k]!
    const value = s.resolve(node)
    if (value === undefined) {
      total -= 1 // the node lacks the attribute: the maximum penalty
      continue
    }
    const counts = countsOf[k]!
    if (s.desired === null) {
      total += evenSpreadBoost(counts, value)
      continue
    }
    const desired = s.desired.get(value) ?? s.desired.get(IMPLICIT)
    if (desired === undefined) {
      total -= 1
      continue
    }
    if (desired === 0) {
      total += gs.lowestBoost
      continue
    }
    const used = counts.get(value) + 1 // counting the allocation being placed
    const boost = ((desired - used) / desired) * (s.weight / gs.sumWeights)
    total += boost
    if (boost < gs.lowestBoost) gs.lowestBoost = boost
  }
  return total
}
