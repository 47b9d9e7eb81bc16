// Selection: walk the shuffled candidate nodes from where the last placement stopped, filter,
// check fit, rank, and keep the best of the first `limit` ranked options (Nomad's
// LimitIterator + MaxScoreIterator). Up to three options scoring 0 or less are set aside and
// used only when the candidates run out.
import type {AllocMetric, Job, Node} from '../model/index.js'
import {usageAt, type EvalContext} from './eval-context.js'
import {filterNode, type GroupPlacer} from './feasible.js'
import {recordExhausted, recordFiltered, recordScores} from './metrics.js'
import {rankNode, type RankedNode} from './rank.js'
import {checkFit} from './resources.js'
import type {Scorer} from './scorers.js'
import type {LazyShuffle} from './rng.js'
import type {PlacementStack} from './stack.js'

export interface NodeSource {
  nodes: readonly Node[] // candidates, in cluster order
  idx: readonly number[] // their indexes in the cluster state
  order: LazyShuffle // the visiting order, seeded by the run (Nomad shuffles the nodes)
  offset: number // where the next placement starts (Nomad's iterator carries on)
  byDC: Record<string, number>
  excluded: Record<string, number>
}

export interface Option extends RankedNode {
  node: Node
}

const MAX_SKIP = 3
const SKIP_SCORE_THRESHOLD = 0
// Nomad scores at least this many nodes (or the group's count) when spread or affinity apply:
// enough for the spread to come out right without scoring the whole cluster.
const NODE_LIMIT_FOR_SPREAD = 100

/** How many ranked nodes to compare per placement (Nomad's GenericStack.SetNodes / Select). */
export function scoreLimit(job: Job, p: GroupPlacer, nodeCount: number): number {
  if (p.spreads.length > 0 || p.affinities.length > 0) return Math.max(p.tg.Count, NODE_LIMIT_FOR_SPREAD)
  if (job.Type === 'batch') return 2
  return Math.max(2, Math.ceil(Math.log2(Math.max(1, nodeCount))))
}

export interface Selector {
  ctx: EvalContext
  stack: PlacementStack
  scorers: readonly Scorer[]
  p: GroupPlacer
}

/** Evaluates one node for a placement; records why it was rejected. */
export function evaluateNode(s: Selector, node: Node, i: number, metric: AllocMetric, penalty?: ReadonlySet<string>): Option | null {
  const {ctx, p} = s
  metric.NodesEvaluated++
  const reason = filterNode(ctx, s.stack, p, node, i)
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
  const r = rankNode(s.scorers, {ctx, p, node, i, u, penalty})
  return {node, scores: r.scores, norm: r.norm}
}

export function selectNode(s: Selector, src: NodeSource, limit: number, metric: AllocMetric, penalty?: ReadonlySet<string>): Option | null {
  const n = src.nodes.length
  let visited = 0
  const fromSource = (): Option | null => {
    while (visited < n) {
      const k = src.order.at((src.offset + visited) % n)
      visited++
      const opt = evaluateNode(s, src.nodes[k]!, src.idx[k]!, metric, penalty)
      if (opt) return opt
    }
    return null
  }
  const skipped: Option[] = []
  let skipIdx = 0
  const next = () => fromSource() ?? (skipIdx < skipped.length ? skipped[skipIdx++]! : null)
  const options: Option[] = []
  while (options.length < limit) {
    let opt = next()
    if (!opt) break
    while (opt && opt.norm <= SKIP_SCORE_THRESHOLD && skipped.length < MAX_SKIP && skipIdx === 0) {
      skipped.push(opt)
      opt = fromSource()
    }
    opt ??= next()
    if (!opt) break
    options.push(opt)
  }
  if (n > 0) src.offset = (src.offset + visited) % n
  if (options.length === 0) return null
  let best = options[0]!
  for (const o of options) if (o.norm > best.norm) best = o
  recordScores(metric, s.scorers, options)
  return best
}
