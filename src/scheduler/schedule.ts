// The entry point: one evaluation against one snapshot gives one plan. Pure: the clock, the
// seed and the id generator come in through the options.
import type {Evaluation} from '../model/index.js'
import {emptyPlan, type Plan} from '../model/plan.js'
import {endRun, newEvalContext} from './eval-context.js'
import {preemptionEnabled} from './preempt.js'
import {scheduleGeneric} from './generic-sched.js'
import {createRng} from './rng.js'
import {stateOf, type ClusterState} from './state.js'
import {scheduleSystem} from './system-sched.js'
import type {ScheduleOptions, Snapshot} from './types.js'

export function schedule(snap: Snapshot, ev: Evaluation, opts: ScheduleOptions): Plan {
  return scheduleOnState(stateOf(snap), snap, ev, opts, false)
}

/**
 * The same, on a state the caller owns. With `inPlace` the proposal's usage is written straight
 * into `st.usage` (simulate keeps one state across thousands of evaluations).
 */
export function scheduleOnState(st: ClusterState, snap: Snapshot, ev: Evaluation, opts: ScheduleOptions, inPlace: boolean): Plan {
  const job = snap.jobs[ev.JobID] ?? null
  const plan = emptyPlan(ev.ID, ev.JobID, job?.Priority ?? ev.Priority)
  const rng = createRng(opts.seed ?? ev.ID)
  const ctxJob = job ?? {ID: ev.JobID, Namespace: ev.Namespace, Type: 'service', TaskGroups: [], Datacenters: [], NodePool: 'default'}
  const ctx = newEvalContext(st, ctxJob as never, ev.ID, opts.now, rng, opts.newId, inPlace, opts.algorithm === 'spread', snap.jobs, job !== null && preemptionEnabled(opts.preemption, job.Type))
  if (opts.onPlaced) ctx.sink = opts.onPlaced
  // A periodic or parameterized job is a template: only its dispatched children run (Nomad).
  if (job && !job.Stop && (job.Periodic?.Enabled || job.ParameterizedJob) && !job.ParentID) return plan
  try {
    if (job && !job.Stop && (job.Type === 'system' || job.Type === 'sysbatch')) scheduleSystem(ctx, snap, job, plan)
    else scheduleGeneric(ctx, snap, ev, job, plan)
  } finally {
    endRun(ctx)
  }
  plan.BlockedEval = blockedEval(plan, ev, opts)
  return plan
}

function blockedEval(plan: Plan, ev: Evaluation, opts: ScheduleOptions): Evaluation | null {
  const failed = Object.entries(plan.FailedTGAllocs)
  if (failed.length === 0) return null
  const queued: Record<string, number> = {}
  for (const [g, m] of failed) queued[g] = 1 + m.CoalescedFailures
  return {
    ID: opts.newId(),
    Namespace: ev.Namespace,
    Priority: plan.Priority,
    Type: ev.Type,
    TriggeredBy: 'queued-allocs',
    JobID: ev.JobID,
    Status: 'blocked',
    StatusDescription: 'created to place remaining allocations',
    WaitUntil: null,
    PreviousEval: ev.ID,
    FailedTGAllocs: plan.FailedTGAllocs,
    QueuedAllocations: queued,
    CreateTime: opts.now,
  }
}
