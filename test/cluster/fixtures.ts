// A small cluster state built in code for the pure view tests.
import type {AllocMetric, Allocation, Deployment, Evaluation} from '../../src/model/index.js'
import type {ClusterState} from '../../src/store/cluster-state.js'
import {makeEval, makeJob, makeNode} from '../scheduler/fixtures.js'

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)

export function makeAlloc(over: Partial<Allocation> & Pick<Allocation, 'ID' | 'Name' | 'NodeID' | 'NodeName'>): Allocation {
  return {
    EvalID: 'eval-web-0',
    Namespace: 'default',
    JobID: 'web',
    JobVersion: 1,
    TaskGroup: 'web',
    AllocatedResources: {Tasks: {web: {CpuShares: 100, MemoryMB: 64}}, Shared: {DiskMB: 0, Ports: []}},
    DesiredStatus: 'run',
    DesiredDescription: '',
    DesiredTransition: {},
    ClientStatus: 'running',
    ClientDescription: 'Tasks are running',
    DeploymentID: null,
    DeploymentStatus: null,
    RescheduleTracker: null,
    PreviousAllocation: null,
    NextAllocation: null,
    FollowupEvalID: null,
    Metrics: null,
    TaskStates: null,
    CreateTime: T0,
    ModifyTime: T0,
    ...over,
  }
}

export function metric(over: Partial<AllocMetric> = {}): AllocMetric {
  return {
    NodesEvaluated: 3, NodesFiltered: 0, NodesInPool: 3, NodesAvailable: {dc1: 3}, ClassFiltered: {}, ConstraintFiltered: {},
    NodesExhausted: 0, ClassExhausted: {}, DimensionExhausted: {}, QuotaExhausted: [], ScoreMetaData: [], CoalescedFailures: 0,
    ...over,
  }
}

export function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    ID: 'dep-11111111-aaaa', Namespace: 'default', JobID: 'web', JobVersion: 1, Status: 'running', StatusDescription: 'Deployment is running',
    TaskGroups: {
      web: {AutoRevert: true, AutoPromote: false, ProgressDeadline: 600e9, RequireProgressBy: T0 + 600_000, Promoted: false, PlacedCanaries: [], DesiredCanaries: 0, DesiredTotal: 3, PlacedAllocs: 2, HealthyAllocs: 1, UnhealthyAllocs: 0},
    },
    CreateTime: T0, ModifyTime: T0,
    ...over,
  }
}

/** web (service, count 3, v1) on node-1/node-2, one failed alloc, a docker job that failed placement, a periodic parent with one child. */
export function sampleState(): ClusterState {
  const nodes = [
    makeNode(1, {ID: 'n1-aaaaaaaa-1111', Name: 'node-1', Address: '127.0.1.1'}),
    makeNode(2, {ID: 'n2-bbbbbbbb-2222', Name: 'node-2', Address: '127.0.1.2', NodeClass: 'edge'}),
    makeNode(3, {ID: 'n3-cccccccc-3333', Name: 'node-3', Address: '127.0.1.3', Status: 'down', SchedulingEligibility: 'ineligible', DrainStrategy: {Deadline: 3600e9, IgnoreSystemJobs: false, StartedAt: T0}}),
  ]
  const web = makeJob({ID: 'web', Name: 'web', Version: 1, SubmitTime: T0}, [{Name: 'web', Count: 3}])
  web.TaskGroups[0]!.Tasks[0]!.Name = 'web'
  const docker = makeJob({ID: 'needs-docker', Name: 'needs-docker', Version: 0, SubmitTime: T0 + 1000}, [{Name: 'g', Count: 2}])
  const tick = makeJob({ID: 'tick', Name: 'tick', Type: 'batch', SubmitTime: T0, Periodic: {Enabled: true, Spec: '*/5 * * * *', SpecType: 'cron', ProhibitOverlap: true, TimeZone: 'UTC'}})
  const child = makeJob({ID: 'tick/periodic-1795424400', Name: 'tick/periodic-1795424400', Type: 'batch', ParentID: 'tick', SubmitTime: T0 + 5000})
  const failedEval: Evaluation = {
    ...makeEval(docker, 'eval-docker-1'),
    Status: 'blocked',
    CreateTime: T0 + 1000,
    FailedTGAllocs: {g: metric({NodesFiltered: 3, ConstraintFiltered: {'missing drivers': 3}, DriversMissing: {docker: 3}, CoalescedFailures: 1})},
  }
  const allocs = [
    makeAlloc({ID: 'a1111111-0000', Name: 'web.web[0]', NodeID: nodes[0]!.ID, NodeName: 'node-1', DeploymentID: 'dep-11111111-aaaa', DeploymentStatus: {Healthy: true, Canary: false, Timestamp: T0}, CreateTime: T0 + 10}),
    makeAlloc({ID: 'a2222222-0000', Name: 'web.web[1]', NodeID: nodes[1]!.ID, NodeName: 'node-2', ClientStatus: 'pending', CreateTime: T0 + 20, DeploymentID: 'dep-11111111-aaaa'}),
    makeAlloc({ID: 'a3333333-0000', Name: 'web.web[2]', NodeID: nodes[1]!.ID, NodeName: 'node-2', ClientStatus: 'failed', ClientDescription: 'Failed tasks', CreateTime: T0 + 5, JobVersion: 0}),
    makeAlloc({ID: 'b1111111-0000', Name: 'tick/periodic-1795424400.web[0]', JobID: child.ID, EvalID: 'eval-child-1', NodeID: nodes[0]!.ID, NodeName: 'node-1', ClientStatus: 'complete', CreateTime: T0 + 6000}),
  ]
  return {
    revision: 42,
    jobs: {web, 'needs-docker': docker, tick, [child.ID]: child},
    jobModRevisions: {},
    jobVersions: {web: [{...web, Version: 0, Stable: true, SubmitTime: T0 - 60_000}, web]},
    nodes,
    allocs,
    evals: [{...makeEval(web, 'eval-web-0'), Status: 'complete', CreateTime: T0}, failedEval],
    deployments: [deployment({ID: 'dep-00000000-old', JobVersion: 0, Status: 'successful', StatusDescription: 'Deployment completed successfully', CreateTime: T0 - 60_000}), deployment()],
    services: [],
    servers: [
      {Name: 'server-2', Address: '127.0.0.1', Pid: 202, StartedAt: T0 - 5000},
      {Name: 'server-1', Address: '127.0.0.1', Pid: 101, StartedAt: T0 - 65_000},
    ],
    proxies: [],
    events: [],
  }
}
