// Allocations as api.Allocation and api.AllocationListStub, with times in Nomad's units. Pure.
import type {Allocation, Job, TaskState} from '../../model/index.js'
import type {Keys} from '../../store/keys.js'
import {indexesOf, type Indexes, type Revisions} from '../revisions.js'
import {goTime, unixNanos} from '../time-shape.js'

export function allocIndexes(revs: Revisions, keys: Keys, a: Allocation): Indexes {
  return indexesOf(revs, keys.alloc(a.NodeID, a.ID), keys.allocStatus(a.ID))
}

export function taskStatesOut(states: Record<string, TaskState> | null): Record<string, unknown> | null {
  if (!states) return null
  const out: Record<string, unknown> = {}
  for (const [name, s] of Object.entries(states)) {
    out[name] = {
      State: s.State,
      Failed: s.Failed,
      Restarts: s.Restarts,
      LastRestart: goTime(s.LastRestart),
      StartedAt: goTime(s.StartedAt),
      FinishedAt: goTime(s.FinishedAt),
      Events: s.Events.map((e) => ({
        Type: e.Type,
        Time: unixNanos(e.Time),
        DisplayMessage: e.Message,
        Message: e.Message,
        ExitCode: e.ExitCode ?? 0,
        Details: e.ExitCode !== undefined ? {exit_code: String(e.ExitCode)} : {},
      })),
    }
  }
  return out
}

function deploymentStatusOut(a: Allocation): Record<string, unknown> | null {
  const d = a.DeploymentStatus
  return d ? {Healthy: d.Healthy, Canary: d.Canary, Timestamp: goTime(d.Timestamp), ModifyIndex: 0} : null
}

export function allocStub(a: Allocation, job: Job | undefined, ix: Indexes): Record<string, unknown> {
  return {
    ID: a.ID,
    EvalID: a.EvalID,
    Name: a.Name,
    Namespace: a.Namespace,
    NodeID: a.NodeID,
    NodeName: a.NodeName,
    JobID: a.JobID,
    JobType: job?.Type ?? '',
    JobVersion: a.JobVersion,
    TaskGroup: a.TaskGroup,
    DesiredStatus: a.DesiredStatus,
    DesiredDescription: a.DesiredDescription,
    ClientStatus: a.ClientStatus,
    ClientDescription: a.ClientDescription,
    DesiredTransition: a.DesiredTransition,
    TaskStates: taskStatesOut(a.TaskStates),
    DeploymentStatus: deploymentStatusOut(a),
    FollowupEvalID: a.FollowupEvalID ?? '',
    RescheduleTracker: a.RescheduleTracker
      ? {Events: a.RescheduleTracker.Events.map((e) => ({...e, RescheduleTime: unixNanos(e.RescheduleTime)}))}
      : null,
    PreemptedAllocations: null,
    PreemptedByAllocation: a.PreemptedByAllocation ?? '',
    CreateTime: unixNanos(a.CreateTime),
    ModifyTime: unixNanos(a.ModifyTime),
    ...ix,
  }
}

export function allocOut(a: Allocation, job: Job | undefined, ix: Indexes): Record<string, unknown> {
  return {
    ...allocStub(a, job, ix),
    Job: job ?? null,
    AllocatedResources: a.AllocatedResources,
    Metrics: a.Metrics,
    DeploymentID: a.DeploymentID ?? '',
    PreviousAllocation: a.PreviousAllocation ?? '',
    NextAllocation: a.NextAllocation ?? '',
  }
}
