// Selection: walk the shuffled candidate nodes from where the last placement stopped, filter,
// check fit, score, and keep the best of the first `limit` scored options (Nomad's
// LimitIterator + MaxScoreIterator). Options scoring below zero are set aside (up to three)
// and used only when too few others turn up.
import type {AllocMetric, Job, Node} from '../model/index.js'
import {usageAt, type EvalContext} from './eval-context.js'
import {filterNode, type GroupPlacer} from './feasible.js'
import {recordExhausted, recordFiltered, recordScores} from './metrics.js'
import {scoreNode, type NodeScores} from './rank.js'
import {checkFit} from './resources.js'

export interface NodeSource {
  nodes: Node[] // candidates, shuffled with the run's seed
  idx: number[] // their indexes in the cluster state
  offset: number
  byDC: Record<string, number>
  excluded: Record<string, number>
}

export interface Option {
  node: Node
  scores: NodeScores
  norm: number
}

const MAX_SKIP = 3

/** How many scored nodes to compare per placement: log2 of the cluster for services. */
export function scoreLimit(job: Job, p: GroupPlacer, nodeCount: number): number {
  if (p.spreads.length > 0 || p.affinities.length > 0) return Math.max(1, nodeCount)
  if (job.Type === 'batch') return 2
  return Math.max(2, Math.ceil(Math.log2(Math.max(1, nodeCount))))
}

/** Evaluates one node for a placement; records why it was rejected. */
export function evaluateNode(ctx: EvalContext, p: GroupPlacer, node: Node, i: number, metric: AllocMetric, penalty?: ReadonlySet<string>): Option | null {
  metric.NodesEvaluated++
  const reason = filterNode(ctx, p, node, i)
  if (reason !== null) {
    recordFiltered(metric, node.NodeClass, reason)
    const driver = p.missingDriver.get(node.ID)
    if (driver !== undefined && reason === 'missing drivers') {
      const m = (metric.DriversMissing ??= {})
      m[driver] = (m[driver] ?? 0) + 1
    }
    return null
  }
  const u = usageAt(ctx, i)
  const dim = checkFit(node, u, p.ask)
  if (dim !== null) {
    recordExhausted(metric, node.NodeClass, dim)
    return null
  }
  const scores = scoreNode(ctx, p, node, i, u, penalty)
  return {node, scores, norm: scores.norm}
}

export function selectNode(ctx: EvalContext, src: NodeSource, p: GroupPlacer, limit: number, metric: AllocMetric, penalty?: ReadonlySet<string>): Option | null {
  const n = src.nodes.length
  const options: Option[] = []
  const skipped: Option[] = []
  let visited = 0
  while (visited < n && options.length < limit) {
    const k = (src.offset + visited) % n
    visited++
    const opt = evaluateNode(ctx, p, src.nodes[k]!, src.idx[k]!, metric, penalty)
    if (!opt) continue
    if (opt.norm < 0 && skipped.length < MAX_SKIP) skipped.push(opt)
    else options.push(opt)
  }
  if (n > 0) src.offset = (src.offset + visited) % n
  for (const s of skipped) if (options.length < limit) options.push(s)
  if (options.length === 0) return null
  let best = options[0]!
  for (const o of options) if (o.norm > best.norm) best = o
  recordScores(metric, options)
  return best
}
