// Reconciler cases for batch, system and sysbatch jobs.
import {describe, expect, test} from 'vitest'
import {isPlanEmpty} from '../../src/model/plan.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNode, makeNodes, makeTask} from './fixtures.js'

describe('batch', () => {
  test('completed allocations are not replaced', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({Type: 'batch'}, [{Count: 2}]))
    h.process('example')
    h.setClient(() => true, 'complete')
    const plan = h.process('example')
    expect(isPlanEmpty(plan)).toBe(true)
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Place: 0, Stop: 0})
  })

  test('one reschedule attempt per 24h: the second failure stays failed', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({Type: 'batch'}, [{Count: 1}]))
    h.process('example')
    h.setClient(() => true, 'failed')
    const wait = h.process('example')
    expect(wait.FollowupEvals[0]!.WaitUntil).toBe(h.now + 5000)
    h.advance(5000)
    const resched = h.process('example')
    expect(placed(resched)).toHaveLength(1)
    h.setClient((a) => a.DesiredStatus === 'run', 'failed')
    h.advance(60_000)
    const after = h.process('example')
    expect(placed(after)).toHaveLength(0)
    expect(after.FollowupEvals).toHaveLength(0)
    expect(after.Annotations.DesiredTGUpdates.web).toMatchObject({Place: 0})
  })

  test('force reschedule ignores attempts and delay', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({Type: 'batch'}, [{Count: 1}]))
    h.process('example')
    h.patchAllocs(() => true, () => ({ClientStatus: 'failed', DesiredTransition: {ForceReschedule: true}}))
    expect(placed(h.process('example'))).toHaveLength(1)
  })
})

describe('system', () => {
  const sys = (over = {}) => makeJob({ID: 'agent', Type: 'system', ...over}, [{Name: 'agent', Count: 1}])

  test('one allocation per feasible node, none where the constraint fails', () => {
    const nodes = [makeNode(0), makeNode(1), makeNode(2, {Attributes: {'kernel.name': 'windows'}})]
    const h = new Harness(nodes)
    h.register(sys({Constraints: [{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}]}))
    const plan = h.process('agent')
    expect(placed(plan).map((a) => [a.NodeID, a.Name])).toEqual([
      ['node-000', 'agent.agent[0]'],
      ['node-001', 'agent.agent[0]'],
    ])
    expect(plan.FailedTGAllocs).toEqual({})
    expect(isPlanEmpty(h.process('agent'))).toBe(true)
  })

  test('a new node gets one; a down node loses its allocation; an ineligible node keeps its own', () => {
    const h = new Harness(makeNodes(2))
    h.register(sys())
    h.process('agent')
    h.snap = {...h.snap, nodes: [...h.snap.nodes, makeNode(5)]}
    expect(placed(h.process('agent', 'node-update')).map((a) => a.NodeID)).toEqual(['node-005'])
    h.patchNode('node-000', {Status: 'down'})
    h.patchNode('node-001', {SchedulingEligibility: 'ineligible'})
    const plan = h.process('agent', 'node-update')
    expect(stopped(plan).map((a) => [a.NodeID, a.ClientStatus])).toEqual([['node-000', 'lost']])
    expect(placed(plan)).toHaveLength(0)
  })

  test('draining node: system allocation stopped unless drain ignores system jobs', () => {
    const h = new Harness(makeNodes(2))
    h.register(sys())
    h.process('agent')
    h.patchNode('node-000', {DrainStrategy: {Deadline: 0, IgnoreSystemJobs: false, StartedAt: 0}})
    h.patchNode('node-001', {DrainStrategy: {Deadline: 0, IgnoreSystemJobs: true, StartedAt: 0}})
    const plan = h.process('agent', 'node-drain')
    expect(stopped(plan).map((a) => [a.NodeID, a.DesiredDescription])).toEqual([['node-000', 'alloc is being migrated']])
  })

  test('node without room: placement failure with the exhausted dimension', () => {
    const h = new Harness([makeNode(0), makeNode(1, {NodeResources: {CpuShares: 50, MemoryMB: 8192, DiskMB: 100_000, MinDynamicPort: 20000, MaxDynamicPort: 32000}})])
    h.register(sys())
    const plan = h.process('agent')
    expect(placed(plan)).toHaveLength(1)
    expect(plan.FailedTGAllocs.agent).toMatchObject({NodesExhausted: 1, DimensionExhausted: {cpu: 1}, CoalescedFailures: 0})
  })

  test('destructive update of a system job honours max_parallel', () => {
    const h = new Harness(makeNodes(3))
    const update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'checks' as const, MinHealthyTime: 10e9, HealthyDeadline: 300e9, ProgressDeadline: 600e9, Canary: 0, AutoRevert: false, AutoPromote: false}
    h.register(makeJob({ID: 'agent', Type: 'system'}, [{Name: 'agent', Update: update}]))
    h.process('agent')
    h.setClient(() => true, 'running')
    h.register(makeJob({ID: 'agent', Type: 'system'}, [{Name: 'agent', Update: update, Tasks: [makeTask({Env: {V: '2'}})]}]))
    const plan = h.process('agent')
    expect(plan.Annotations.DesiredTGUpdates.agent).toMatchObject({DestructiveUpdate: 1, Ignore: 2})
    expect(stopped(plan)[0]!.DesiredDescription).toBe('alloc is being updated due to job update')
  })
})

describe('sysbatch', () => {
  test('runs once per node: completed allocations are not re-run', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({ID: 'gc', Type: 'sysbatch'}, [{Name: 'gc'}]))
    expect(placed(h.process('gc'))).toHaveLength(2)
    h.setClient(() => true, 'complete')
    expect(isPlanEmpty(h.process('gc'))).toBe(true)
  })
})

describe('system job preemption', () => {
  const full = () => {
    const h = new Harness(makeNodes(1))
    h.register(makeJob({ID: 'low', Priority: 30}, [{Name: 'big', Count: 2, Tasks: [makeTask({Resources: {CPU: 1800, MemoryMB: 100}})]}]))
    h.process('low')
    h.setClient(() => true, 'running')
    return h
  }

  test('evicts a lower-priority allocation (10+ levels below) to make room', () => {
    const h = full()
    h.register(makeJob({ID: 'agent', Type: 'system', Priority: 50}, [{Name: 'agent', Tasks: [makeTask({Resources: {CPU: 1000, MemoryMB: 100}})]}]))
    const plan = h.process('agent')
    const [agent] = placed(plan)
    const [victim] = stopped(plan)
    expect(victim).toMatchObject({JobID: 'low', DesiredStatus: 'evict', DesiredDescription: `Preempted by alloc ID ${agent!.ID}`, PreemptedByAllocation: agent!.ID})
    expect(plan.Annotations.DesiredTGUpdates.agent).toMatchObject({Place: 1, Preemptions: 1})
    expect(plan.FollowupEvals).toMatchObject([{JobID: 'low', TriggeredBy: 'preemption', Priority: 30, Status: 'pending'}])
    expect(plan.FailedTGAllocs).toEqual({})
  })

  test('does not preempt jobs of similar priority', () => {
    const h = full()
    h.register(makeJob({ID: 'agent', Type: 'system', Priority: 35}, [{Name: 'agent', Tasks: [makeTask({Resources: {CPU: 1000, MemoryMB: 100}})]}]))
    const plan = h.process('agent')
    expect(stopped(plan)).toHaveLength(0)
    expect(plan.FailedTGAllocs.agent!.DimensionExhausted).toEqual({cpu: 1})
  })
})
