// Preemption (Nomad's scheduler/preemption.go, cpu/memory/disk): when a node lacks room for an
// allocation, evict allocations of jobs at least 10 priority levels lower. Candidates are taken
// lowest priority first; within a priority, the one closest in size to what is still needed
// (Nomad's resource distance, plus a penalty for going past a victim group's migrate
// max_parallel), until the ask fits; then a second pass, largest distance first, drops the ones
// not needed after all. Ports are not preempted. Enabled per scheduler type by the scheduler
// configuration (system on by default, the others off).
import type {Allocation, Job} from '../model/index.js'
import type {DesiredUpdates, Plan} from '../model/plan.js'
import {DESC} from './alloc-build.js'
import {holdAt, runSlot, type EvalContext, newRunSlot, type RunSlot} from './eval-context.js'
import {appendUpdate} from './plan-build.js'
import type {GroupAsk} from './resources.js'
import {CAP_CPU, CAP_DISK, CAP_MEM, holdsResources, STRIDE, USED_CPU, USED_DISK, USED_MEM} from './state.js'
import type {PreemptionConfig} from './types.js'
import {DEFAULT_PREEMPTION} from './scheduler-config.js'

export const PRIORITY_DELTA = 10
const MAX_PARALLEL_PENALTY = 50

/** Nomad's defaults: preemption for system jobs only. */
export {DEFAULT_PREEMPTION, DEFAULT_SCHEDULER_CONFIG} from './scheduler-config.js'

export function preemptionEnabled(cfg: PreemptionConfig | undefined, type: Job['Type']): boolean {
  return {...DEFAULT_PREEMPTION, ...cfg}[type] === true
}

interface Size {
  cpu: number
  mem: number
  disk: number
}

function sizeOf(a: Allocation): Size {
  let cpu = 0
  let mem = 0
  for (const t of Object.values(a.AllocatedResources.Tasks)) {
    cpu += t.CpuShares
    mem += t.MemoryMB
  }
  return {cpu, mem, disk: a.AllocatedResources.Shared.DiskMB}
}

/** Nomad's basicResourceDistance: how far an allocation's size is from the ask, per dimension normalized by the ask. */
export function resourceDistance(ask: Size, used: Size): number {
  const c = (a: number, u: number) => (a > 0 ? (a - u) / a : 0)
  return Math.sqrt(c(ask.mem, used.mem) ** 2 + c(ask.cpu, used.cpu) ** 2 + c(ask.disk, used.disk) ** 2)
}

/** Nomad's netPriority: the highest priority preempted, plus the sum over that maximum. */
export function netPriority(priorities: readonly number[]): number {
  let max = 0
  let sum = 0
  for (const p of priorities) {
    if (p > max) max = p
    sum += p
  }
  return max === 0 ? 0 : max + sum / max
}

/** Nomad's preemption score: a logistic curve of the net priority, 0.5 at 2048. */
export function preemptionScore(net: number): number {
  return 1 / (1 + Math.exp(0.0048 * (net - 2048)))
}

interface PreemptState {
  byNode: Map<number, Allocation[]> // other jobs' allocations holding resources, by node index
  evicted: Set<string>
  perGroup: Map<string, number> // "job|group" -> allocations preempted in this run
}

const PREEMPT: RunSlot<PreemptState> = newRunSlot((ctx) => {
  const byNode = new Map<number, Allocation[]>()
  for (const a of ctx.st.allocById.values()) {
    if (!holdsResources(a) || a.JobID === ctx.job.ID) continue
    const i = ctx.st.index.get(a.NodeID)
    if (i === undefined) continue
    let l = byNode.get(i)
    if (!l) byNode.set(i, (l = []))
    l.push(a)
  }
  return {byNode, evicted: new Set(), perGroup: new Map()}
})

function stateFor(ctx: EvalContext): PreemptState {
  return runSlot(ctx, PREEMPT)
}

export function priorityOf(ctx: EvalContext, a: Allocation): number {
  return ctx.jobs[a.JobID]?.Priority ?? 50
}

/**
 * Allocations to evict so that `ask` fits on the node at index `i`, or null when even that
 * would not do. Nothing is changed: commitPreemptions carries a choice out.
 */
export function findPreemptions(ctx: EvalContext, i: number, ask: GroupAsk): Allocation[] | null {
  const ps = stateFor(ctx)
  const res = ctx.res
  const o = STRIDE * i
  const avail: Size = {cpu: res[o + CAP_CPU]! - res[o + USED_CPU]!, mem: res[o + CAP_MEM]! - res[o + USED_MEM]!, disk: res[o + CAP_DISK]! - res[o + USED_DISK]!}
  const fits = (a: Size) => a.cpu >= ask.cpu && a.mem >= ask.mem && a.disk >= ask.disk
  const groups = new Map<number, Allocation[]>()
  for (const a of ps.byNode.get(i) ?? []) {
    if (ps.evicted.has(a.ID)) continue
    const prio = priorityOf(ctx, a)
    if (ctx.job.Priority - prio < PRIORITY_DELTA) continue
    let g = groups.get(prio)
    if (!g) groups.set(prio, (g = []))
    g.push(a)
  }
  const sizes = new Map<string, Size>()
  const size = (a: Allocation) => sizes.get(a.ID) ?? sizes.set(a.ID, sizeOf(a)).get(a.ID)!
  const needed: Size = {cpu: ask.cpu, mem: ask.mem, disk: ask.disk}
  const gained: Size = {...avail}
  const chosen: Allocation[] = []
  const picked = new Map<string, number>() // "job|group" -> picked here
  let met = false
  for (const prio of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(prio)!
    while (g.length > 0 && !met) {
      let best = -1
      let bestDist = Infinity
      for (let k = 0; k < g.length; k++) {
        const d = resourceDistance(needed, size(g[k]!)) + maxParallelPenalty(ctx, ps, picked, g[k]!)
        if (d < bestDist) {
          bestDist = d
          best = k
        }
      }
      const a = g[best]!
      g[best] = g[g.length - 1]!
      g.pop()
      const s = size(a)
      gained.cpu += s.cpu
      gained.mem += s.mem
      gained.disk += s.disk
      needed.cpu -= s.cpu
      needed.mem -= s.mem
      needed.disk -= s.disk
      chosen.push(a)
      const key = `${a.JobID}|${a.TaskGroup}`
      picked.set(key, (picked.get(key) ?? 0) + 1)
      met = fits(gained)
    }
    if (met) break
  }
  if (!met) return null
  // Second pass: largest distance from the ask first, stop as soon as the ask fits.
  const full: Size = {cpu: ask.cpu, mem: ask.mem, disk: ask.disk}
  chosen.sort((a, b) => resourceDistance(full, size(b)) - resourceDistance(full, size(a)))
  const kept: Allocation[] = []
  const again: Size = {...avail}
  for (const a of chosen) {
    kept.push(a)
    const s = size(a)
    again.cpu += s.cpu
    again.mem += s.mem
    again.disk += s.disk
    if (fits(again)) break
  }
  return kept
}

function maxParallelPenalty(ctx: EvalContext, ps: PreemptState, picked: Map<string, number>, a: Allocation): number {
  const tg = ctx.jobs[a.JobID]?.TaskGroups.find((t) => t.Name === a.TaskGroup)
  const maxParallel = tg?.Migrate?.MaxParallel ?? 0
  const key = `${a.JobID}|${a.TaskGroup}`
  const n = (ps.perGroup.get(key) ?? 0) + (picked.get(key) ?? 0)
  return maxParallel > 0 && n >= maxParallel ? (n + 1 - maxParallel) * MAX_PARALLEL_PENALTY : 0
}

/** cpu and memory the victims free (for scoring the node as if they were gone). */
export function freedBy(victims: readonly Allocation[]): {cpu: number; mem: number} {
  let cpu = 0
  let mem = 0
  for (const v of victims) {
    const s = sizeOf(v)
    cpu += s.cpu
    mem += s.mem
  }
  return {cpu, mem}
}

/**
 * Carries out a preemption for allocation `by`: frees the victims in the proposal, lists
 * them in the plan (NodeUpdate with desired status evict, the group's Preemptions count, the
 * PreemptedAllocs annotation) and queues an evaluation for each victim's job.
 */
export function commitPreemptions(ctx: EvalContext, plan: Plan, du: DesiredUpdates, victims: readonly Allocation[], by: Allocation): void {
  const ps = stateFor(ctx)
  for (const v of victims) {
    ps.evicted.add(v.ID)
    const key = `${v.JobID}|${v.TaskGroup}`
    ps.perGroup.set(key, (ps.perGroup.get(key) ?? 0) + 1)
    const i = ctx.st.index.get(v.NodeID)
    if (i !== undefined) holdAt(ctx, v, i, -1)
    appendUpdate(plan, {...v, DesiredStatus: 'evict', DesiredDescription: DESC.preempted(by.ID), PreemptedByAllocation: by.ID, ModifyTime: ctx.now})
    du.Preemptions = (du.Preemptions ?? 0) + 1
    ;(plan.Annotations.PreemptedAllocs ??= []).push({ID: v.ID, Name: v.Name, JobID: v.JobID, TaskGroup: v.TaskGroup, NodeID: v.NodeID, Priority: priorityOf(ctx, v), PreemptedBy: by.ID})
    requeue(ctx, plan, v)
  }
}

// The jobs that lost allocations get an evaluation of their own, to place them elsewhere.
function requeue(ctx: EvalContext, plan: Plan, v: Allocation): void {
  if (plan.FollowupEvals.some((e) => e.JobID === v.JobID && e.TriggeredBy === 'preemption')) return
  const job = ctx.jobs[v.JobID]
  plan.FollowupEvals.push({
    ID: ctx.newId(), Namespace: v.Namespace, Priority: job?.Priority ?? 50, Type: job?.Type ?? 'service', TriggeredBy: 'preemption', JobID: v.JobID,
    Status: 'pending', StatusDescription: '', WaitUntil: null, PreviousEval: ctx.evalId, FailedTGAllocs: null, CreateTime: ctx.now,
  })
}
