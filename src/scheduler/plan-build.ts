import type {Allocation, Evaluation} from '../model/index.js'
import type {Plan} from '../model/plan.js'
import type {EvalContext} from './eval-context.js'

export function appendAlloc(plan: Plan, a: Allocation): void {
  ;(plan.NodeAllocation[a.NodeID] ??= []).push(a)
}

export function appendUpdate(plan: Plan, a: Allocation): void {
  ;(plan.NodeUpdate[a.NodeID] ??= []).push(a)
}

// Failures due within this window of each other share one follow-up evaluation, as Nomad batches them.
const BATCH_WINDOW_MS = 5_000

/** Follow-up evaluations for failed allocations whose reschedule delay has not elapsed yet. */
export function followupEvals(ctx: EvalContext, plan: Plan, ev: Evaluation, later: {alloc: Allocation; at: number}[]): void {
  const pending = later.filter((l) => !l.alloc.FollowupEvalID).sort((a, b) => a.at - b.at)
  let current: Evaluation | null = null
  for (const l of pending) {
    if (!current || l.at - current.WaitUntil! > BATCH_WINDOW_MS) {
      current = {
        ID: ctx.newId(),
        Namespace: ev.Namespace,
        Priority: ev.Priority,
        Type: ev.Type,
        TriggeredBy: 'alloc-failure',
        JobID: ev.JobID,
        Status: 'pending',
        StatusDescription: 'created for delayed rescheduling',
        WaitUntil: l.at,
        PreviousEval: ev.ID,
        FailedTGAllocs: null,
        CreateTime: ctx.now,
      }
      plan.FollowupEvals.push(current)
    }
    appendAlloc(plan, {...l.alloc, FollowupEvalID: current.ID, ModifyTime: ctx.now})
  }
}
