// Selection: walk the shuffled candidate nodes from where the last placement stopped, filter,
// check fit, rank, and keep the best of the first `limit` ranked options (Nomad's
// LimitIterator + MaxScoreIterator). Up to three options scoring 0 or less are set aside and
// used only when the candidates run out. Options live in the selector's scratch arrays, so
// scoring a node allocates nothing; only the kept top five become ScoreMetaData.
import type {Allocation, AllocMetric, Job, Node} from '../model/index.js'
import {findPreemptions, freedBy} from './preempt.js'
import {onNodeMap, portsAt, type EvalContext} from './eval-context.js'
import {driverMissingAt, filterNode, type GroupPlacer} from './feasible.js'
import {recordExhausted, recordFiltered, recordScores} from './metrics.js'
import {rankInto} from './rank.js'
import {fitAt} from './resources.js'
import {CLASS, STRIDE} from './state.js'
import type {Scorer, ScoreInput} from './scorers.js'
import type {LazyShuffle} from './rng.js'
import type {PlacementStack} from './stack.js'

export interface NodeSource {
  size: number // how many candidates
  idx: Int32Array | null // their indexes in the cluster state, in cluster order (null: candidate k is node k)
  order: LazyShuffle // the visiting order, seeded by the run (Nomad shuffles the nodes)
  offset: number // where the next placement starts (Nomad's iterator carries on)
  byDC: Record<string, number>
  excluded: Record<string, number>
}

const MAX_SKIP = 3
const SKIP_SCORE_THRESHOLD = 0
// Nomad scores at least this many nodes (or the group's count) when spread or affinity apply:
// enough for the spread to come out right without scoring the whole cluster.
const NODE_LIMIT_FOR_SPREAD = 100

/** How many ranked nodes to compare per placement (Nomad's GenericStack.SetNodes / Select). */
export function scoreLimit(job: Job, p: GroupPlacer, nodeCount: number): number {
  if (p.spreads.length > 0 || p.affinities.length > 0) return Math.max(p.tg.Count, NODE_LIMIT_FOR_SPREAD)
  return plainLimit(job, nodeCount)
}

/** The limit for a group without spread or affinity. */
export function plainLimit(job: Pick<Job, 'Type'>, nodeCount: number): number {
  if (job.Type === 'batch') return 2
  return Math.max(2, Math.ceil(Math.log2(Math.max(1, nodeCount))))
}

/** Ranked options of one placement: slot k holds a node, its scores and normalized score. */
interface Scratch {
  kept: number[] // slots counted against the limit, kept.length unused past `keptLen`
  node: number[] // node index
  norm: number[]
  scores: number[] // scorers.length per slot
  victims: (readonly Allocation[] | null)[] // what placing in the slot's node would preempt
  chosen: readonly Allocation[] | null // the victims of the last node selected
  input: ScoreInput // reused for every node scored
}

export interface Selector {
  ctx: EvalContext
  stack: PlacementStack // with the dynamic stages that apply to the group only
  scorers: readonly Scorer[]
  p: GroupPlacer
  evict?: boolean // this selection may preempt (Nomad's SelectOptions.Preempt)
  scratch?: Scratch
}

function scratchOf(s: Selector): Scratch {
  return (s.scratch ??= {kept: [], node: [], norm: [], scores: [], victims: [], chosen: null, input: {ctx: s.ctx, p: s.p, i: 0, penalty: undefined, victims: null, freedCpu: 0, freedMem: 0, onGroup: onNodeMap(s.ctx, s.p.tg.Name)}})
}

/** Counts a filtered node in the metric, naming the missing driver as Nomad does. */
export function recordFilter(metric: AllocMetric, ctx: EvalContext, p: GroupPlacer, node: Node, i: number, reason: string): void {
  recordFiltered(metric, node.NodeClass, reason)
  if (reason !== 'missing drivers') return
  const driver = driverMissingAt(ctx, p, i)
  if (driver === undefined) return
  const m = (metric.DriversMissing ??= {})
  m[driver] = (m[driver] ?? 0) + 1
}

/** Filters, fits and ranks one node into slot `slot`; false (and the reason recorded) when it is rejected. */
// The node at `i` is read from the state only when a stage, the ports or a scorer needs it: at
// 50,000 nodes each object read is a likely cache miss.
function evaluateInto(s: Selector, sc: Scratch, slot: number, i: number, metric: AllocMetric): boolean {
  const {ctx, p} = s
  metric.NodesEvaluated++
  const reason = filterNode(ctx, s.stack, p, null, i)
  if (reason !== null) {
    recordFilter(metric, ctx, p, ctx.st.nodes[i]!, i, reason)
    return false
  }
  const dim = fitAt(ctx.res, i, p.ask, p.ask.hasPorts ? () => ({node: ctx.st.nodes[i]!, used: portsAt(ctx, i)}) : null)
  const inp = sc.input
  inp.victims = null
  if (dim !== null) {
    // Nomad's BinPackIterator with eviction: a node short of cpu, memory or disk may still do
    // when lower-priority allocations make room.
    const victims = s.evict === true && !dim.startsWith('network') ? findPreemptions(ctx, i, p.ask) : null
    if (victims === null) {
      recordExhausted(metric, ctx.st.nodes[i]!.NodeClass, dim)
      return false
    }
    inp.victims = victims
    const freed = freedBy(victims)
    inp.freedCpu = freed.cpu
    inp.freedMem = freed.mem
  }
  sc.victims[slot] = inp.victims
  inp.i = i
  const norm = rankInto(s.scorers, inp, sc.scores, slot * s.scorers.length)
  inp.freedCpu = inp.freedMem = 0
  sc.node[slot] = i
  sc.norm[slot] = norm
  return true
}

/** The next feasible node from the source into `slot`; false when the candidates run out. */
function fromSource(s: Selector, sc: Scratch, src: NodeSource, w: Walk, slot: number, metric: AllocMetric): boolean {
  const n = src.size
  while (w.visited < n) {
    const k = src.order.at((src.offset + w.visited) % n)
    w.visited++
    if (evaluateInto(s, sc, slot, src.idx === null ? k : src.idx[k]!, metric)) return true
  }
  return false
}

interface Walk {
  visited: number
}

/**
 * Picks a node for one placement: its index in the cluster state, or -1. Slots
 * 0..MAX_SKIP-1 hold skipped options (scored 0 or less), the options counted against the
 * limit follow from MAX_SKIP on.
 */
export function selectNode(s: Selector, src: NodeSource, limit: number, metric: AllocMetric, penalty?: ReadonlySet<string>): number {
  const sc = scratchOf(s)
  prefetch(s.ctx.res, s.ctx.st.ids, src, limit)
  sc.input.penalty = penalty
  sc.chosen = null
  const w: Walk = {visited: 0}
  let free = MAX_SKIP // next slot for an option
  let skipped = 0
  let skipIdx = 0
  const kept = sc.kept
  let nk = 0
  while (nk < limit) {
    // the next option: from the source, else a skipped one
    let slot = fromSource(s, sc, src, w, free, metric) ? free : skipIdx < skipped ? skipIdx++ : -1
    if (slot < 0) break
    while (slot === free && sc.norm[slot]! <= SKIP_SCORE_THRESHOLD && skipped < MAX_SKIP && skipIdx === 0) {
      moveSlot(s, sc, slot, skipped++)
      slot = fromSource(s, sc, src, w, free, metric) ? free : -1
    }
    if (slot < 0) slot = skipIdx < skipped ? skipIdx++ : -1
    if (slot < 0) break
    kept[nk++] = slot
    if (slot === free) free++
  }
  const n = src.size
  if (n > 0) src.offset = (src.offset + w.visited) % n
  if (nk === 0) return -1
  let best = kept[0]!
  for (let q = 1; q < nk; q++) if (sc.norm[kept[q]!]! > sc.norm[best]!) best = kept[q]!
  recordScores(metric, s.scorers, s.ctx.st.ids, sc.node, sc.norm, sc.scores, kept, nk)
  sc.chosen = sc.victims[best]!
  return sc.node[best]!
}

const ahead: number[] = []
let touched = 0 // kept so that the reads in prefetch are not optimised away

/**
 * Reads the records of the next `k` candidates in one tight loop before they are evaluated, so
 * that their cache misses overlap instead of coming one after another: at 50,000 nodes nearly
 * every record is a miss, and evaluating a node waits on its record before anything else.
 * Drawing the positions ahead does not change the order (the shuffle draws them in sequence).
 */
function prefetch(res: Float64Array, ids: readonly string[], src: NodeSource, k: number): void {
  const n = src.size
  const m = Math.min(k, n)
  for (let v = 0; v < m; v++) {
    const c = src.order.at((src.offset + v) % n)
    ahead[v] = src.idx === null ? c : src.idx[c]!
  }
  let acc = 0
  for (let v = 0; v < m; v++) {
    const i = ahead[v]!
    // first and last field (a record may straddle two cache lines), and the id's slot (the
    // metrics and the allocation copy it)
    acc += res[STRIDE * i]! + res[STRIDE * i + CLASS]!
    if (ids[i] === undefined) acc++
  }
  touched = acc
}

/** Sum of the last records prefetched (tests; keeps the reads live). */
export function prefetchTouched(): number {
  return touched
}

/** What the node selectNode last returned would preempt (null: nothing). */
export function chosenVictims(s: Selector): readonly Allocation[] | null {
  return s.scratch?.chosen ?? null
}

function moveSlot(s: Selector, sc: Scratch, from: number, to: number): void {
  const w = s.scorers.length
  sc.node[to] = sc.node[from]!
  sc.norm[to] = sc.norm[from]!
  sc.victims[to] = sc.victims[from]!
  for (let k = 0; k < w; k++) sc.scores[to * w + k] = sc.scores[from * w + k]!
}
