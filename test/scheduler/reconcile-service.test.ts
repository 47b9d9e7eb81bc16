// Reconciler cases for service jobs, played through the harness (plan → apply → clients).
import {describe, expect, test} from 'vitest'
import type {TaskGroup} from '../../src/model/index.js'
import {isPlanEmpty} from '../../src/model/plan.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNodes, makeTask} from './fixtures.js'

const names = (allocs: {Name: string}[]) => allocs.map((a) => a.Name).sort()

function started(count: number, nodes = 3) {
  const h = new Harness(makeNodes(nodes))
  h.register(makeJob({}, [{Count: count}]))
  h.converge('example')
  return h
}

describe('placing and stopping', () => {
  test('initial placement names allocations 0..count-1', () => {
    const h = new Harness(makeNodes(3))
    h.register(makeJob({}, [{Count: 3}]))
    const plan = h.process('example')
    expect(names(placed(plan))).toEqual(['example.web[0]', 'example.web[1]', 'example.web[2]'])
    expect(plan.Annotations.DesiredTGUpdates.web).toEqual({Place: 3, Stop: 0, Migrate: 0, InPlaceUpdate: 0, DestructiveUpdate: 0, Canary: 0, Ignore: 0})
    expect(plan.Deployment).toBeNull()
  })

  test('scale up is an in-place update of the existing plus new placements', () => {
    const h = started(3)
    h.register(makeJob({}, [{Count: 5}]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Place: 2, InPlaceUpdate: 3, DestructiveUpdate: 0})
    expect(names(placed(plan))).toEqual(['example.web[3]', 'example.web[4]'])
    expect(h.live('example').every((a) => a.JobVersion === 1)).toBe(true)
  })

  test('scale down stops the highest indexes', () => {
    const h = started(5)
    h.register(makeJob({}, [{Count: 2}]))
    const plan = h.process('example')
    expect(names(stopped(plan))).toEqual(['example.web[2]', 'example.web[3]', 'example.web[4]'])
    expect(stopped(plan).every((a) => a.DesiredStatus === 'stop' && a.DesiredDescription === 'alloc not needed due to job update')).toBe(true)
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Stop: 3, InPlaceUpdate: 2})
  })

  test.each([
    ['job stopped', (h: Harness) => h.register(makeJob({Stop: true}, [{Count: 3}]))],
    ['job deregistered', (h: Harness) => h.deregister('example')],
  ])('%s: every allocation stops', (_d, act) => {
    const h = started(3)
    act(h)
    const plan = h.process('example', 'job-deregister')
    expect(stopped(plan)).toHaveLength(3)
    expect(stopped(plan)[0]!.DesiredDescription).toBe('alloc not needed since job was stopped')
    expect(h.live('example')).toHaveLength(0)
    expect(isPlanEmpty(h.process('example'))).toBe(true)
  })

  test('a group removed from the job is stopped', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Name: 'web', Count: 1}, {Name: 'db', Count: 1}]))
    h.converge('example')
    h.register(makeJob({}, [{Name: 'web', Count: 1}]))
    const plan = h.process('example')
    expect(names(stopped(plan))).toEqual(['example.db[0]'])
    expect(plan.Annotations.DesiredTGUpdates.db).toMatchObject({Stop: 1})
  })

  test('converged job yields an empty plan', () => {
    const h = started(4)
    expect(isPlanEmpty(h.process('example'))).toBe(true)
  })
})

describe('lost and failed allocations', () => {
  test('node down: allocation marked lost and replaced elsewhere at once, same name', () => {
    const h = started(1)
    const old = h.live('example')[0]!
    h.patchNode(old.NodeID, {Status: 'down'})
    const plan = h.process('example', 'node-update')
    const [lost] = stopped(plan)
    expect(lost).toMatchObject({ID: old.ID, ClientStatus: 'lost', DesiredStatus: 'stop', DesiredDescription: 'alloc is lost since its node is down'})
    const [repl] = placed(plan)
    expect(repl).toMatchObject({Name: old.Name, PreviousAllocation: old.ID})
    expect(repl!.NodeID).not.toBe(old.NodeID)
  })

  test('failed service allocation: follow-up evaluation while the delay runs, then rescheduled away from the node', () => {
    const h = started(1, 2)
    const old = h.live('example')[0]!
    h.setClient((a) => a.ID === old.ID, 'failed')
    const first = h.process('example', 'alloc-failure')
    expect(first.FollowupEvals).toHaveLength(1)
    expect(first.FollowupEvals[0]).toMatchObject({WaitUntil: h.now + 30_000, TriggeredBy: 'alloc-failure', JobID: 'example'})
    expect(placed(first)).toHaveLength(0)
    expect(h.snap.allocs.find((a) => a.ID === old.ID)!.FollowupEvalID).toBe(first.FollowupEvals[0]!.ID)
    expect(isPlanEmpty(h.process('example'))).toBe(true)

    h.advance(30_000)
    const second = h.process('example', 'failed-follow-up')
    const [repl] = placed(second)
    expect(repl!.NodeID).not.toBe(old.NodeID)
    expect(repl!.RescheduleTracker!.Events).toEqual([{RescheduleTime: h.now, PrevAllocID: old.ID, PrevNodeID: old.NodeID, Delay: 30e9}])
    expect(repl!.Metrics!.ScoreMetaData.find((s) => s.NodeID === old.NodeID)?.Scores['node-reschedule-penalty']).toBe(-1)
    expect(stopped(second)[0]).toMatchObject({ID: old.ID, DesiredDescription: 'alloc was rescheduled because it failed', NextAllocation: repl!.ID})
  })

  test('exponential delay doubles on the next failure', () => {
    const h = started(1)
    h.setClient(() => true, 'failed')
    h.advance(30_000)
    h.process('example')
    const next = h.live('example')[0]!
    h.setClient((a) => a.ID === next.ID, 'failed')
    const plan = h.process('example')
    expect(plan.FollowupEvals[0]!.WaitUntil).toBe(h.now + 60_000)
  })

  test('service allocation that completed is replaced', () => {
    const h = started(1)
    h.setClient(() => true, 'complete')
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Place: 1})
  })
})

describe('in-place versus destructive updates', () => {
  const base = {Count: 2}
  test.each([
    ['count only', 'InPlaceUpdate', {Count: 2, Constraints: [{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}]}],
    ['services change', 'InPlaceUpdate', {Count: 2, Services: [{Name: 'web', Tags: ['v2'], CanaryTags: null, PortLabel: '', AddressMode: 'auto', Checks: null, Provider: 'nomad'}]}],
    ['env change', 'DestructiveUpdate', {Count: 2, Tasks: [makeTask({Env: {A: '1'}})]}],
    ['config change', 'DestructiveUpdate', {Count: 2, Tasks: [makeTask({Config: {command: '/bin/true'}})]}],
    ['resources change', 'DestructiveUpdate', {Count: 2, Tasks: [makeTask({Resources: {CPU: 200, MemoryMB: 300}})]}],
    ['driver change', 'DestructiveUpdate', {Count: 2, Tasks: [makeTask({Driver: 'exec'})]}],
    ['task meta change', 'DestructiveUpdate', {Count: 2, Tasks: [makeTask({Meta: {v: '2'}})]}],
  ] as const)('%s → %s', (_d, kind, group) => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [base]))
    h.converge('example')
    h.register(makeJob({}, [group as unknown as Partial<TaskGroup>]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web![kind]).toBe(2)
    if (kind === 'DestructiveUpdate') {
      expect(stopped(plan).map((a) => a.DesiredDescription)).toEqual(['alloc is being updated due to job update', 'alloc is being updated due to job update'])
      expect(placed(plan).every((a) => a.PreviousAllocation !== null && a.JobVersion === 1)).toBe(true)
    } else {
      expect(stopped(plan)).toHaveLength(0)
      expect(Object.values(plan.NodeAllocation).flat().every((a) => a.JobVersion === 1)).toBe(true)
    }
  })

  test('without the previous version on record the update is destructive', () => {
    const h = started(1)
    h.register(makeJob({}, [{Count: 1, Meta: {x: '1'}}]))
    h.snap = {...h.snap, jobVersions: {}}
    expect(h.process('example').Annotations.DesiredTGUpdates.web).toMatchObject({DestructiveUpdate: 1})
  })
})

describe('in-place update re-checks the node', () => {
  test('a constraint the node no longer meets turns the in-place update destructive', () => {
    const h = new Harness(makeNodes(2, (i) => ({Meta: {tier: i === 0 ? 'gold' : 'bronze'}})))
    h.register(makeJob({}, [{Count: 2, Constraints: [{LTarget: '', RTarget: '', Operand: 'distinct_hosts'}]}]))
    h.converge('example')
    h.register(makeJob({}, [{Count: 2, Constraints: [{LTarget: '${meta.tier}', RTarget: 'gold', Operand: '='}]}]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({InPlaceUpdate: 1, DestructiveUpdate: 1})
    expect(h.live('example').map((a) => a.NodeID)).toEqual(['node-000', 'node-000'])
  })

  test('job-level update stanza applies to groups without one', () => {
    const h = new Harness(makeNodes(2))
    const update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'checks' as const, MinHealthyTime: 0, HealthyDeadline: 300e9, ProgressDeadline: 600e9, Canary: 0, AutoRevert: false, AutoPromote: false}
    h.register(makeJob({Update: update}, [{Count: 2}]))
    expect(h.process('example').Deployment).not.toBeNull()
  })

  test('a periodic parent job places nothing', () => {
    const h = new Harness(makeNodes(1))
    h.register(makeJob({Type: 'batch', Periodic: {Enabled: true, Spec: '*/5 * * * *', SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC'}}, [{Count: 1}]))
    expect(isPlanEmpty(h.process('example'))).toBe(true)
  })
})

describe('blocked evaluation and datacenter changes', () => {
  test('failed placements come with one blocked evaluation counting the queued allocations', () => {
    const h = new Harness(makeNodes(1))
    h.register(makeJob({}, [{Count: 3, Tasks: [makeTask({Resources: {CPU: 1500, MemoryMB: 100}})]}]))
    const plan = h.process('example')
    expect(placed(plan)).toHaveLength(2)
    expect(plan.BlockedEval).toMatchObject({Status: 'blocked', TriggeredBy: 'queued-allocs', QueuedAllocations: {web: 1}, PreviousEval: plan.EvalID})
    expect(isPlanEmpty(h.process('example'))).toBe(true)
  })

  test('an allocation in a datacenter the job left is replaced, not updated in place', () => {
    const h = new Harness(makeNodes(2, (i) => ({Datacenter: `dc${i}`})))
    h.register(makeJob({Datacenters: ['dc0']}, [{Count: 1}]))
    h.converge('example')
    h.register(makeJob({Datacenters: ['dc1']}, [{Count: 1}]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({InPlaceUpdate: 0, DestructiveUpdate: 1})
    expect(placed(plan)[0]!.NodeID).toBe('node-001')
  })
})
