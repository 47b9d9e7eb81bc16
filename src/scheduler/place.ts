// Carrying out placement requests: pick a node for each, build the allocation, and stop what
// it replaces. A destructive update or migration frees its old allocation first and takes it
// back when no node fits (Nomad pops the stop from the plan).
import type {Allocation, Job, TaskGroup} from '../model/index.js'
import type {Plan} from '../model/plan.js'
import {buildAlloc, DESC, stoppedCopy} from './alloc-build.js'
import {releaseAlloc, reserveAlloc, runSlot, type EvalContext, newRunSlot, type RunSlot} from './eval-context.js'
import {buildGroupPlacer, candidatesOf, type GroupPlacer} from './feasible.js'
import {newMetric} from './metrics.js'
import {appendAlloc, appendUpdate} from './plan-build.js'
import type {PlaceRequest} from './reconcile-group.js'
import {LazyShuffle} from './rng.js'
import {chosenVictims, plainLimit, scoreLimit, selectNode, type NodeSource, type Selector} from './select.js'
import {commitPreemptions} from './preempt.js'
import {emptyDesiredUpdates} from '../model/plan.js'
import {activeScorers, stackFor} from './stack.js'

interface PlaceState {
  source: NodeSource
  placers: Map<string, GroupPlacer>
  selectors: Map<string, Selector>
}

const PLACE: RunSlot<PlaceState> = newRunSlot((ctx) => {
  const {nodes, idx, byDC, excluded} = candidatesOf(ctx.st, ctx.job)
  const order = new LazyShuffle(nodes.length, ctx.rng, expectedDraws(ctx.job, nodes.length))
  return {source: {size: nodes.length, idx, order, offset: 0, byDC, excluded}, placers: new Map(), selectors: new Map()}
}, (s) => s.source.order.release())

// Nodes looked at if every allocation of the job were placed at the limit without spread (the
// shuffle's table is sized for them once instead of growing through them).
function expectedDraws(job: Job, n: number): number {
  let count = 0
  for (const tg of job.TaskGroups) count += tg.Count
  return count * plainLimit(job, n)
}

function placeState(ctx: EvalContext): PlaceState {
  return runSlot(ctx, PLACE)
}

export function placerFor(ctx: EvalContext, tg: TaskGroup): GroupPlacer {
  const s = placeState(ctx)
  let p = s.placers.get(tg.Name)
  if (!p) s.placers.set(tg.Name, (p = buildGroupPlacer(ctx.job, tg)))
  return p
}

/** The group's placer on the job's stack, with the scorers that apply to it. */
export function selectorFor(ctx: EvalContext, tg: TaskGroup): Selector {
  const s = placeState(ctx)
  let sel = s.selectors.get(tg.Name)
  if (!sel) {
    const p = placerFor(ctx, tg)
    const full = stackFor(ctx.job)
    const stack = {...full, dynamicStages: full.dynamicStages.filter((st) => !st.applies || st.applies(p))}
    s.selectors.set(tg.Name, (sel = {ctx, stack, scorers: activeScorers(full, p, ctx), p}))
  }
  return sel
}

export function candidateSource(ctx: EvalContext): NodeSource {
  return placeState(ctx).source
}

function penaltyNodes(prev: Allocation): Set<string> {
  const s = new Set<string>([prev.NodeID])
  for (const e of prev.RescheduleTracker?.Events ?? []) s.add(e.PrevNodeID)
  return s
}

function trackerFor(ctx: EvalContext, req: PlaceRequest): Allocation['RescheduleTracker'] {
  if (req.kind !== 'reschedule' || !req.previous) return null
  const prev = req.previous
  const events = [...(prev.RescheduleTracker?.Events ?? []), {RescheduleTime: ctx.now, PrevAllocID: prev.ID, PrevNodeID: prev.NodeID, Delay: req.delayNs ?? 0}]
  return {Events: events}
}

function stopReplaced(ctx: EvalContext, plan: Plan, req: PlaceRequest, next: Allocation): void {
  const prev = req.previous
  if (!prev) return
  if (req.kind === 'destructive') appendUpdate(plan, stoppedCopy(prev, ctx.now, DESC.updating, {next: next.ID}))
  else if (req.kind === 'migrate') appendUpdate(plan, stoppedCopy(prev, ctx.now, DESC.migrating, {migrate: true, next: next.ID}))
  else if (req.kind === 'reschedule') appendUpdate(plan, stoppedCopy(prev, ctx.now, DESC.rescheduled, {next: next.ID}))
}

export function placeRequests(ctx: EvalContext, plan: Plan, reqs: Iterable<PlaceRequest>, deploymentId: string | null): void {
  const {source} = placeState(ctx)
  for (const req of reqs) {
    const sel = selectorFor(ctx, req.tg)
    const p = sel.p
    const failed = plan.FailedTGAllocs[req.tg.Name]
    if (failed) {
      failed.CoalescedFailures++
      continue
    }
    const frees = req.previous !== null && (req.kind === 'destructive' || req.kind === 'migrate')
    if (frees) releaseAlloc(ctx, req.previous!)
    const penalty = req.kind === 'reschedule' && req.previous ? penaltyNodes(req.previous) : undefined
    let metric = newMetric(source.size, source.byDC)
    if (source.size === 0) metric.NodesExcluded = source.excluded
    const limit = scoreLimit(ctx.job, p, source.size)
    let i = selectNode(sel, source, limit, metric, penalty)
    // Nomad's selectNextOption: only when no node has room, select again allowing preemption.
    if (i < 0 && ctx.preempt && source.size > 0) {
      const again = newMetric(source.size, source.byDC)
      sel.evict = true
      i = selectNode(sel, source, limit, again, penalty)
      sel.evict = false
      if (i >= 0) metric = again
    }
    if (i < 0) {
      if (frees) reserveAlloc(ctx, req.previous!)
      plan.FailedTGAllocs[req.tg.Name] = metric
      continue
    }
    const alloc = buildAlloc(ctx, {
      job: ctx.job,
      tg: req.tg,
      name: req.name,
      at: i,
      ask: p.ask,
      metric,
      deploymentId,
      canary: req.kind === 'canary',
      previous: req.previous,
      tracker: trackerFor(ctx, req),
    })
    reserveAlloc(ctx, alloc, i)
    if (ctx.sink) ctx.sink(alloc, i)
    else appendAlloc(plan, alloc)
    const victims = chosenVictims(sel)
    if (victims) commitPreemptions(ctx, plan, (plan.Annotations.DesiredTGUpdates[req.tg.Name] ??= emptyDesiredUpdates()), victims, alloc)
    stopReplaced(ctx, plan, req, alloc)
  }
}
