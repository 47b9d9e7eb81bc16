import {describe, expect, test} from 'vitest'
import type {AllocMetric} from '../../../src/model/allocation.js'
import {describePlacementFailure, latestDeployment, summarizeJob} from '../../../src/ui/dashboard/job-summary.js'
import {computeNodeUsage, describeNodeStatus} from '../../../src/ui/dashboard/rows-nodes.js'
import {failedDeploymentSnapshot, healthySnapshot, makeAlloc, makeDeployment, makeJob, makeNode, nodeDownSnapshot} from './fixtures.js'

const metric = (over: Partial<AllocMetric>): AllocMetric => ({
  NodesEvaluated: 3, NodesFiltered: 0, NodesInPool: 3, NodesAvailable: {}, ClassFiltered: {}, ConstraintFiltered: {}, NodesExhausted: 0,
  ClassExhausted: {}, DimensionExhausted: {}, QuotaExhausted: [], ScoreMetaData: [], CoalescedFailures: 0, ...over,
})

describe('describePlacementFailure', () => {
  test.each([
    {desc: 'no nodes at all', m: metric({NodesEvaluated: 0, NodesInPool: 0}), out: 'no nodes'},
    {desc: 'the most common constraint', m: metric({ConstraintFiltered: {'missing drivers': 2, 'computed class ineligible': 1}}), out: 'missing drivers'},
    {desc: 'an exhausted dimension', m: metric({DimensionExhausted: {memory: 3}}), out: 'memory exhausted'},
    {desc: 'both', m: metric({ConstraintFiltered: {'missing drivers': 1}, DimensionExhausted: {cpu: 2}}), out: 'missing drivers; cpu exhausted'},
    {desc: 'nothing recorded', m: metric({}), out: 'no feasible node'},
  ])('$desc', ({m, out}) => expect(describePlacementFailure(m)).toBe(out))
})

describe('summarizeJob', () => {
  test('counts desired, placed and healthy', () => {
    const s = summarizeJob(makeJob('web', 2), healthySnapshot())
    expect([s.desired, s.placed, s.healthy, s.failed]).toEqual([2, 2, 2, 0])
  })

  test('a running allocation awaiting its health check is placed but not healthy', () => {
    const snap = healthySnapshot({allocs: [makeAlloc('a1', 'web', 0, 'node-1', {DeploymentID: 'd', DeploymentStatus: null}), makeAlloc('a2', 'web', 1, 'node-1', {DeploymentID: 'd', DeploymentStatus: {Healthy: true, Canary: false, Timestamp: 0}})]})
    const s = summarizeJob(makeJob('web', 2), snap)
    expect([s.placed, s.healthy]).toEqual([2, 1])
  })

  test('lost allocations leave the job short, shown as unplaced', () => {
    const snap = nodeDownSnapshot()
    snap.allocs = snap.allocs.filter((a) => a.ID !== 'dddd1111-0')
    expect(summarizeJob(snap.jobs.find((j) => j.ID === 'web')!, snap).detail).toEqual({text: '1 unplaced', tone: 'warn'})
  })

  test('a blocked evaluation explains the failure', () => {
    const snap = failedDeploymentSnapshot()
    const s = summarizeJob(snap.jobs.find((j) => j.ID === 'gpu')!, snap)
    expect(s.failing).toBe(true)
    expect(s.detail).toEqual({text: '1 unplaced: missing drivers', tone: 'bad'})
  })

  test.each([
    {desc: 'running', dep: makeDeployment('web', 2, {}, {DesiredTotal: 3, HealthyAllocs: 1}), text: 'deploying v2: 1/3 healthy'},
    {desc: 'canary waiting', dep: makeDeployment('web', 2, {}, {DesiredCanaries: 1, PlacedCanaries: ['x']}), text: 'v2 canary 1/1, awaiting promotion'},
    {desc: 'paused', dep: makeDeployment('web', 2, {Status: 'paused'}), text: 'v2 paused'},
  ])('deployment $desc', ({dep, text}) => {
    expect(summarizeJob(makeJob('web', 2), healthySnapshot({deployments: [dep]})).detail?.text).toBe(text)
  })

  test('system jobs want one allocation per ready, eligible node', () => {
    const snap = nodeDownSnapshot()
    expect(summarizeJob(makeJob('agent', 1, {Type: 'system'}), snap).desired).toBe(2)
  })

  test('the latest deployment is the highest job version', () => {
    const deps = [makeDeployment('web', 3), makeDeployment('web', 5), makeDeployment('api', 9)]
    expect(latestDeployment('web', deps)?.JobVersion).toBe(5)
    expect(latestDeployment('nope', deps)).toBeNull()
  })
})

describe('node usage', () => {
  test('sums running allocations against capacity minus reserved', () => {
    const node = makeNode('n', {ReservedResources: {CpuShares: 1000, MemoryMB: 96, DiskMB: 0, ReservedPorts: []}})
    const allocs = [
      makeAlloc('a', 'web', 0, 'n'),
      makeAlloc('b', 'web', 1, 'n', {ClientStatus: 'pending'}),
      makeAlloc('c', 'web', 2, 'n', {ClientStatus: 'complete'}),
      makeAlloc('d', 'web', 3, 'other'),
    ]
    expect(computeNodeUsage(node, allocs)).toEqual({allocs: 2, cpuUsed: 500, cpuCapacity: 3000, memUsed: 512, memCapacity: 4000})
  })

  test.each([
    {desc: 'ready', over: {}, text: 'ready'},
    {desc: 'down', over: {Status: 'down' as const}, text: 'down'},
    {desc: 'draining', over: {DrainStrategy: {Deadline: 0, IgnoreSystemJobs: false, StartedAt: 0}}, text: 'draining'},
    {desc: 'ineligible', over: {SchedulingEligibility: 'ineligible' as const}, text: 'inelig.'},
    {desc: 'initializing', over: {Status: 'initializing' as const}, text: 'init'},
  ])('status $desc', ({over, text}) => expect(describeNodeStatus(makeNode('n', over)).text).toBe(text))
})
