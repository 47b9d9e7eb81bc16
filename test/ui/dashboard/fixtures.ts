// Snapshots of a small platform (3 etcd, 2 servers, 3 nodes, 3 jobs, 1 proxy) in the states the
// dashboard must show: healthy, quorum lost, a node down with allocations rescheduling, a failed
// deployment. Builders take overrides so tests can say only what matters.
import type {Allocation} from '../../../src/model/allocation.js'
import type {Deployment} from '../../../src/model/deployment.js'
import type {Job} from '../../../src/model/job.js'
import type {Node} from '../../../src/model/node.js'
import {deriveEvents} from '../../../src/ui/dashboard/derive-events.js'
import type {DashboardSnapshot, KvMemberInfo} from '../../../src/ui/dashboard/types.js'

export const T0 = Date.UTC(2026, 10, 23, 10, 0, 0)

export function makeNode(name: string, over: Partial<Node> = {}): Node {
  return {
    ID: `id-${name}`, Name: name, Datacenter: 'dc1', NodeClass: 'web', NodePool: 'default', Address: '127.0.1.1',
    Attributes: {}, Meta: {}, Drivers: {raw_exec: {Detected: true, Healthy: true}},
    NodeResources: {CpuShares: 4000, MemoryMB: 4096, DiskMB: 10000, MinDynamicPort: 20000, MaxDynamicPort: 32000},
    ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []},
    Status: 'ready', SchedulingEligibility: 'eligible', DrainStrategy: null, ...over,
  }
}

export function makeAlloc(id: string, job: string, index: number, node: string, over: Partial<Allocation> = {}): Allocation {
  return {
    ID: id, EvalID: 'eval-1', Name: `${job}.${job}[${index}]`, Namespace: 'default', NodeID: `id-${node}`, NodeName: node,
    JobID: job, JobVersion: 1, TaskGroup: job,
    AllocatedResources: {Tasks: {[job]: {CpuShares: 500, MemoryMB: 512}}, Shared: {DiskMB: 300, Ports: []}},
    DesiredStatus: 'run', DesiredDescription: '', DesiredTransition: {}, ClientStatus: 'running', ClientDescription: '',
    DeploymentID: null, DeploymentStatus: null, RescheduleTracker: null, PreviousAllocation: null, NextAllocation: null,
    FollowupEvalID: null, Metrics: null, TaskStates: null, CreateTime: T0, ModifyTime: T0, ...over,
  }
}

export function makeJob(id: string, count: number, over: Partial<Job> = {}): Job {
  return {
    ID: id, Name: id, Namespace: 'default', Region: 'global', Type: 'service', Priority: 50, AllAtOnce: false,
    Datacenters: ['dc1'], NodePool: 'default', Constraints: null, Affinities: null, Spreads: null,
    TaskGroups: [{Name: id, Count: count} as Job['TaskGroups'][number]], Update: null, Periodic: null,
    ParameterizedJob: null, Meta: null, Stop: false, Version: 1, Status: 'running', ...over,
  }
}

export function makeDeployment(job: string, version: number, over: Partial<Deployment> = {}, group: Partial<Deployment['TaskGroups'][string]> = {}): Deployment {
  return {
    ID: `dep-${job}-${version}`, Namespace: 'default', JobID: job, JobVersion: version, Status: 'running', StatusDescription: 'Deployment is running',
    TaskGroups: {
      [job]: {AutoRevert: false, AutoPromote: false, ProgressDeadline: 0, RequireProgressBy: null, Promoted: false, PlacedCanaries: [],
        DesiredCanaries: 0, DesiredTotal: 2, PlacedAllocs: 2, HealthyAllocs: 2, UnhealthyAllocs: 0, ...group},
    },
    CreateTime: T0, ModifyTime: T0, ...over,
  }
}

export function member(name: string, port: number, over: Partial<KvMemberInfo> = {}): KvMemberInfo {
  return {name, endpoint: `http://127.0.0.1:${port}`, healthy: true, isLeader: false, raftTerm: 2, dbSizeBytes: 2_200_000, running: true, ...over}
}

export function healthySnapshot(over: Partial<DashboardSnapshot> = {}): DashboardSnapshot {
  return {
    cluster: 'dev', at: T0,
    kv: {members: [member('etcd-1', 2379, {isLeader: true}), member('etcd-2', 2381), member('etcd-3', 2383)], quorum: 'ok'},
    servers: [{name: 'server-1', leader: true, alive: true}, {name: 'server-2', leader: false, alive: true}],
    nodes: [makeNode('node-1'), makeNode('node-2'), makeNode('node-3', {NodeClass: 'batch'})],
    allocs: [
      makeAlloc('aaaa1111-0', 'web', 0, 'node-1'), makeAlloc('aaaa2222-0', 'web', 1, 'node-2'),
      makeAlloc('bbbb1111-0', 'api', 0, 'node-2', {AllocatedResources: {Tasks: {api: {CpuShares: 1000, MemoryMB: 1024}}, Shared: {DiskMB: 0, Ports: []}}}),
      makeAlloc('cccc1111-0', 'counter', 0, 'node-3'),
    ],
    jobs: [makeJob('web', 2, {Version: 3}), makeJob('api', 1), makeJob('counter', 1)],
    deployments: [makeDeployment('web', 3, {Status: 'successful', StatusDescription: 'Deployment completed successfully'})],
    proxies: [{name: 'proxy-1', listen: '127.0.0.1:8080', alive: true, routes: 3, requestsPerSec: 12.5, healthyByService: {web: 2, api: 1}}],
    events: [
      {time: T0 - 5000, kind: 'leader-elected', message: 'server server-1 elected leader'},
      {time: T0 - 2000, kind: 'alloc-started', message: 'alloc web.web[0] (aaaa1111) started on node-1'},
    ],
    ...over,
  }
}

export function quorumLostSnapshot(): DashboardSnapshot {
  const s = healthySnapshot({at: T0 + 60_000})
  s.kv = {
    quorum: 'lost',
    members: [member('etcd-1', 2379, {running: false, healthy: false}), member('etcd-2', 2381, {healthy: false}), member('etcd-3', 2383, {running: false, healthy: false})],
  }
  s.events = [...s.events, ...deriveEvents(healthySnapshot(), s)]
  return s
}

/** node-2 went down: its allocs are lost and replacements run (or start) on node-1 and node-3. */
export function nodeDownSnapshot(): DashboardSnapshot {
  const s = healthySnapshot({at: T0 + 30_000})
  s.nodes = s.nodes.map((n) => (n.Name === 'node-2' ? {...n, Status: 'down'} : n))
  s.allocs = s.allocs.map((a) =>
    a.NodeName === 'node-2' ? {...a, ClientStatus: 'lost', DesiredStatus: 'stop', ClientDescription: 'alloc is lost since its node is down', ModifyTime: T0 + 29_000} : a,
  )
  s.allocs.push(
    makeAlloc('dddd1111-0', 'web', 1, 'node-3', {PreviousAllocation: 'aaaa2222-0', ClientStatus: 'pending', CreateTime: T0 + 29_500}),
    makeAlloc('eeee1111-0', 'api', 0, 'node-1', {PreviousAllocation: 'bbbb1111-0', CreateTime: T0 + 29_500}),
  )
  s.events = [...s.events, ...deriveEvents(healthySnapshot(), s)]
  return s
}

/** web v4 failed its deployment (unhealthy canary) and a blocked eval says why another job cannot place. */
export function failedDeploymentSnapshot(): DashboardSnapshot {
  const s = healthySnapshot({at: T0 + 90_000})
  s.jobs = s.jobs.map((j) => (j.ID === 'web' ? {...j, Version: 4} : j))
  s.jobs.push(makeJob('gpu', 1, {Status: 'pending'}))
  s.deployments.push(
    makeDeployment('web', 4, {Status: 'failed', StatusDescription: 'Failed due to unhealthy allocations - rolling back to job version 3'}, {HealthyAllocs: 0, UnhealthyAllocs: 1}),
  )
  s.allocs.push(makeAlloc('ffff1111-0', 'web', 2, 'node-3', {JobVersion: 4, ClientStatus: 'failed', DesiredStatus: 'stop', ClientDescription: 'Failed tasks', DeploymentID: 'dep-web-4', ModifyTime: T0 + 80_000}))
  s.evals = [{
    ID: 'eval-9', Namespace: 'default', Priority: 50, Type: 'service', TriggeredBy: 'job-register', JobID: 'gpu', Status: 'blocked', StatusDescription: '',
    WaitUntil: null, CreateTime: T0, FailedTGAllocs: {gpu: {
      NodesEvaluated: 3, NodesFiltered: 3, NodesInPool: 3, NodesAvailable: {dc1: 3}, ClassFiltered: {}, ConstraintFiltered: {'missing drivers': 3},
      NodesExhausted: 0, ClassExhausted: {}, DimensionExhausted: {}, QuotaExhausted: [], ScoreMetaData: [], CoalescedFailures: 0,
    }},
  }]
  return s
}
