// Ranking one feasible node: every scorer of the stack in order, then Nomad's
// ScoreNormalizationIterator: the final score is the mean of the scores that apply to it.
// Scores are written into a caller's flat array, so ranking a node allocates nothing.
import type {Scorer, ScoreInput} from './scorers.js'

export {scoreBinPack} from './scorers.js'

/** Writes each scorer's value at out[base + k] and returns the normalized score. */
export function rankInto(scorers: readonly Scorer[], s: ScoreInput, out: number[], base: number): number {
  let sum = 0
  let n = 0
  for (let k = 0; k < scorers.length; k++) {
    const sc = scorers[k]!
    const v = sc.score(s)
    out[base + k] = v
    if (sc.always || v !== 0) {
      sum += v
      n++
    }
  }
  return n > 0 ? sum / n : 0
}

/** Nomad's score names and values as the metrics list them, without the normalized score. */
export function namedScores(scorers: readonly Scorer[], scores: readonly number[], base = 0): Record<string, number> {
  const out: Record<string, number> = {}
  for (let k = 0; k < scorers.length; k++) {
    const v = scores[base + k]!
    if (v !== 0 || scorers[k]!.reportZero) out[scorers[k]!.name] = v
  }
  return out
}
