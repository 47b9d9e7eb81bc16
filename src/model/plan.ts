// A plan: what one scheduler run wants changed (Nomad's structs.Plan, trimmed). The servers apply
// it with a compare-and-swap on the revisions the scheduler read; `zdev job plan` only prints it.
import type {Allocation, AllocMetric} from './allocation.js'
import type {Deployment} from './deployment.js'
import type {Evaluation} from './evaluation.js'

export interface DesiredUpdates {
  Place: number
  Stop: number
  Migrate: number
  InPlaceUpdate: number
  DestructiveUpdate: number
  Canary: number
  Ignore: number
  Preemptions?: number
}

export interface DeploymentStatusUpdate {
  DeploymentID: string
  Status: string
  StatusDescription: string
}

export interface Plan {
  EvalID: string
  JobID: string
  Priority: number
  // New allocations and in-place updated ones (full objects), keyed by node id.
  NodeAllocation: Record<string, Allocation[]>
  // Allocations to stop, evict or mark lost (full objects with the new statuses), keyed by node id.
  NodeUpdate: Record<string, Allocation[]>
  Deployment: Deployment | null
  DeploymentUpdates: DeploymentStatusUpdate[]
  FailedTGAllocs: Record<string, AllocMetric>
  FollowupEvals: Evaluation[]
  // When placements failed: an evaluation to park as blocked and retry when the cluster changes
  // (Nomad's blocked evals). The server keeps at most one per job; not counted as a change.
  BlockedEval?: Evaluation | null
  Annotations: {
    DesiredTGUpdates: Record<string, DesiredUpdates>
    // zdev: per group, why its update is destructive ("task app env"), as tasksUpdated found it
    DestructiveReasons?: Record<string, string>
    // Allocations this plan evicts to make room (Nomad's PlanAnnotations.PreemptedAllocs)
    PreemptedAllocs?: PreemptedAlloc[]
  }
}

export interface PreemptedAlloc {
  ID: string
  Name: string
  JobID: string
  TaskGroup: string
  NodeID: string
  Priority: number
  PreemptedBy: string // the new allocation that takes its room
}

export function emptyDesiredUpdates(): DesiredUpdates {
  return {Place: 0, Stop: 0, Migrate: 0, InPlaceUpdate: 0, DestructiveUpdate: 0, Canary: 0, Ignore: 0}
}

export function emptyPlan(evalId: string, jobId: string, priority: number): Plan {
  return {
    EvalID: evalId,
    JobID: jobId,
    Priority: priority,
    NodeAllocation: {},
    NodeUpdate: {},
    Deployment: null,
    DeploymentUpdates: [],
    FailedTGAllocs: {},
    FollowupEvals: [],
    Annotations: {DesiredTGUpdates: {}},
  }
}

/** True when the plan changes nothing in the cluster. */
export function isPlanEmpty(plan: Plan): boolean {
  return (
    Object.keys(plan.NodeAllocation).length === 0 &&
    Object.keys(plan.NodeUpdate).length === 0 &&
    plan.Deployment === null &&
    plan.DeploymentUpdates.length === 0 &&
    plan.FollowupEvals.length === 0
  )
}
