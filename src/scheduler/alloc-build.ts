// New allocation objects and the stopped/updated copies a plan carries.
import type {Allocation, AllocMetric, ClientStatus, Job, TaskGroup} from '../model/index.js'
import type {EvalContext} from './eval-context.js'
import {allocatedResources, assignPorts, type GroupAsk} from './resources.js'
import {portsAt} from './eval-context.js'

export const DESC = {
  notNeeded: 'alloc not needed due to job update',
  jobStopped: 'alloc not needed since job was stopped',
  migrating: 'alloc is being migrated',
  updating: 'alloc is being updated due to job update',
  lost: 'alloc is lost since its node is down',
  rescheduled: 'alloc was rescheduled because it failed',
  nodeTainted: 'alloc not needed as node is tainted',
  inPlace: 'alloc updating in-place',
  preempted: (by: string) => `Preempted by alloc ID ${by}`,
} as const

export interface NewAllocSpec {
  job: Job
  tg: TaskGroup
  name: string
  at: number // the node's index in the cluster state (its id and name are read from there)
  ask: GroupAsk
  metric: AllocMetric
  deploymentId: string | null
  canary: boolean
  previous: Allocation | null
  tracker: Allocation['RescheduleTracker']
}

export function buildAlloc(ctx: EvalContext, s: NewAllocSpec): Allocation {
  const ports = s.ask.staticPorts.length + s.ask.dynamicPorts.length === 0 ? [] : assignPorts(ctx.st.nodes[s.at]!, portsAt(ctx, s.at), s.ask, ctx.rng)
  return {
    ID: ctx.newId(),
    EvalID: ctx.evalId,
    Name: s.name,
    Namespace: s.job.Namespace,
    NodeID: ctx.st.ids[s.at]!,
    NodeName: ctx.st.names[s.at]!,
    JobID: s.job.ID,
    JobVersion: s.job.Version ?? 0,
    TaskGroup: s.tg.Name,
    AllocatedResources: allocatedResources(s.ask, ports),
    DesiredStatus: 'run',
    DesiredDescription: '',
    DesiredTransition: {},
    ClientStatus: 'pending',
    ClientDescription: '',
    DeploymentID: s.deploymentId,
    DeploymentStatus: s.deploymentId ? {Healthy: null, Canary: s.canary, Timestamp: ctx.now} : null,
    RescheduleTracker: s.tracker,
    PreviousAllocation: s.previous?.ID ?? null,
    NextAllocation: null,
    FollowupEvalID: null,
    Metrics: s.metric,
    TaskStates: null,
    CreateTime: ctx.now,
    ModifyTime: ctx.now,
  }
}

export function stoppedCopy(a: Allocation, now: number, desc: string, opts: {client?: ClientStatus; migrate?: boolean; next?: string} = {}): Allocation {
  return {
    ...a,
    DesiredStatus: 'stop',
    DesiredDescription: desc,
    ClientStatus: opts.client ?? a.ClientStatus,
    DesiredTransition: opts.migrate ? {...a.DesiredTransition, Migrate: true} : a.DesiredTransition,
    NextAllocation: opts.next ?? a.NextAllocation,
    ModifyTime: now,
  }
}

export function allocName(job: Job, tg: TaskGroup, index: number): string {
  return `${job.ID}.${tg.Name}[${index}]`
}
