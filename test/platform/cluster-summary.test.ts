import {describe, expect, test} from 'vitest'
import {summarizeCluster} from '../../src/platform/cluster-summary.js'
import type {ClusterState} from '../../src/store/cluster-state.js'
import type {Allocation, Node} from '../../src/model/index.js'
import {testJob} from '../support/jobs.js'

const node = (id: string, status: Node['Status'] = 'ready'): Node => ({
  ID: id, Name: `node-${id}`, Datacenter: 'dc1', NodeClass: '', NodePool: 'default', Address: `127.0.1.${id}`, Attributes: {}, Meta: {}, Drivers: {},
  NodeResources: {CpuShares: 4000, MemoryMB: 8192, DiskMB: 1000, MinDynamicPort: 20000, MaxDynamicPort: 32000},
  ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []}, Status: status, SchedulingEligibility: 'eligible', DrainStrategy: null,
})
const alloc = (id: string, nodeId: string, client: Allocation['ClientStatus'], desired: Allocation['DesiredStatus'] = 'run'): Allocation => ({
  ID: id, EvalID: 'e', Name: `web.g[0]`, Namespace: 'default', NodeID: nodeId, NodeName: `node-${nodeId}`, JobID: 'web', JobVersion: 0, TaskGroup: 'g',
  AllocatedResources: {Tasks: {t: {CpuShares: 100, MemoryMB: 64}}, Shared: {DiskMB: 300, Ports: []}}, DesiredStatus: desired, DesiredDescription: '', DesiredTransition: {},
  ClientStatus: client, ClientDescription: '', DeploymentID: null, DeploymentStatus: null, RescheduleTracker: null, PreviousAllocation: null, NextAllocation: null,
  FollowupEvalID: null, Metrics: null, TaskStates: null, CreateTime: 0, ModifyTime: 0,
})
const base = (): ClusterState => ({
  revision: 1, jobs: {web: {...testJob('web', 3), Version: 2}}, jobModRevisions: {}, jobVersions: {}, nodes: [node('1'), node('2', 'down')],
  allocs: [alloc('a', '1', 'running'), alloc('b', '1', 'running'), alloc('c', '2', 'lost', 'stop'), alloc('d', '1', 'failed')],
  evals: [], deployments: [], servers: [{Name: 'server-1', Address: '', Pid: 10, StartedAt: 0}], proxies: [], events: [],
  services: [
    {ID: 's1', ServiceName: 'web', Namespace: 'default', NodeID: '1', Datacenter: 'dc1', JobID: 'web', AllocID: 'a', Tags: [], Address: '', Port: 1, Canary: false, Healthy: true},
    {ID: 's2', ServiceName: 'web', Namespace: 'default', NodeID: '1', Datacenter: 'dc1', JobID: 'web', AllocID: 'b', Tags: [], Address: '', Port: 2, Canary: false, Healthy: false},
  ],
})

describe('summarizeCluster', () => {
  test('nodes count only live allocations and sum their resources', () => {
    const s = summarizeCluster(base(), 'server-1')
    expect(s.nodes).toEqual([
      {name: 'node-1', status: 'ready', eligibility: 'eligible', address: '127.0.1.1', allocs: 2, cpuUsed: 200, cpuTotal: 4000, memUsed: 128, memTotal: 8192},
      {name: 'node-2', status: 'down', eligibility: 'eligible', address: '127.0.1.2', allocs: 0, cpuUsed: 0, cpuTotal: 4000, memUsed: 0, memTotal: 8192},
    ])
    expect(s.servers).toEqual([{name: 'server-1', pid: 10, leader: true}])
  })

  test('jobs: running vs desired, healthy excludes failing checks, failures counted', () => {
    expect(summarizeCluster(base(), null).jobs).toEqual([
      {id: 'web', type: 'service', version: 2, status: 'running', desired: 3, running: 2, healthy: 1, failed: 1, placementFailed: false},
    ])
  })

  test.each([
    ['stopped job', (st: ClusterState) => (st.jobs.web.Stop = true), 'dead (stopped)', 0],
    ['periodic parent', (st: ClusterState) => (st.jobs.web.Periodic = {Enabled: true, Spec: '* * * * *', SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC'}), 'running (periodic)', 0],
  ])('%s', (_d, change, status, desired) => {
    const st = base()
    change(st)
    const j = summarizeCluster(st, null).jobs[0]
    expect([j.status, j.desired]).toEqual([status, desired])
  })

  test('a blocked evaluation marks placement failed', () => {
    const st = base()
    st.evals.push({ID: 'x', Namespace: 'default', Priority: 50, Type: 'service', TriggeredBy: 'job-register', JobID: 'web', Status: 'blocked', StatusDescription: '', WaitUntil: null, FailedTGAllocs: {}, CreateTime: 0})
    expect(summarizeCluster(st, null).jobs[0].placementFailed).toBe(true)
  })
})
