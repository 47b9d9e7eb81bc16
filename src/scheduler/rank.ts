// Ranking one feasible node: every scorer of the stack in order, then Nomad's
// ScoreNormalizationIterator: the final score is the mean of the scores that apply to it.
import type {Scorer, ScoreInput} from './scorers.js'

export {scoreBinPack} from './scorers.js'

export interface RankedNode {
  scores: number[] // by scorer, in the stack's order
  norm: number
}

export function rankNode(scorers: readonly Scorer[], s: ScoreInput): RankedNode {
  const scores = new Array<number>(scorers.length)
  let sum = 0
  let n = 0
  for (let k = 0; k < scorers.length; k++) {
    const sc = scorers[k]!
    const v = sc.score(s)
    scores[k] = v
    if (sc.always || v !== 0) {
      sum += v
      n++
    }
  }
  return {scores, norm: n > 0 ? sum / n : 0}
}

/** Nomad's score names and values as the metrics list them, without the normalized score. */
export function namedScores(scorers: readonly Scorer[], r: RankedNode): Record<string, number> {
  const out: Record<string, number> = {}
  for (let k = 0; k < scorers.length; k++) {
    const v = r.scores[k]!
    if (v !== 0 || scorers[k]!.reportZero) out[scorers[k]!.name] = v
  }
  return out
}
