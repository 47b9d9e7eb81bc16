// Preemption for service and batch jobs (Nomad's preemption_config and scheduler/preemption.go):
// off by default, on per scheduler type; victims 10+ priority levels lower, lowest priority
// first, closest size first, unneeded ones dropped; the plan lists every eviction.
import {describe, expect, test} from 'vitest'
import type {Job, Node} from '../../src/model/index.js'
import {netPriority, preemptionScore, resourceDistance} from '../../src/scheduler/preempt.js'
import {planJob, renderJobPlan} from '../../src/scheduler/index.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNodes, makeTask} from './fixtures.js'

const cpuJob = (id: string, priority: number, cpu: number, count = 1, type: Job['Type'] = 'service') =>
  makeJob({ID: id, Priority: priority, Type: type}, [{Name: 'g', Count: count, Tasks: [makeTask({Resources: {CPU: cpu, MemoryMB: 100}})]}])

/** Registers and runs each job in turn (on node order: the first fits first), all running. */
function cluster(nodes: Node[], jobs: Job[], options: Harness['options'] = {}): Harness {
  const h = new Harness(nodes)
  for (const j of jobs) {
    h.register(j)
    h.process(j.ID)
  }
  h.setClient(() => true, 'running')
  h.options = options
  return h
}

const SERVICE_ON = {preemption: {service: true}}

describe('preemption is configured per scheduler', () => {
  test.each([
    ['service, default config: no preemption', 'service', {}, 0],
    ['service, service_scheduler_enabled', 'service', SERVICE_ON, 1],
    ['service, only batch enabled', 'service', {preemption: {batch: true}}, 0],
    ['batch, batch_scheduler_enabled', 'batch', {preemption: {batch: true}}, 1],
    ['batch, only service enabled', 'batch', SERVICE_ON, 0],
    ['system, default config (on)', 'system', {}, 1],
    ['system, system_scheduler_enabled = false', 'system', {preemption: {system: false}}, 0],
    ['sysbatch, default config (off)', 'sysbatch', {}, 0],
    ['sysbatch, sysbatch_scheduler_enabled', 'sysbatch', {preemption: {sysbatch: true}}, 1],
  ] as const)('%s', (_d, type, options, evictions) => {
    const h = cluster(makeNodes(1), [cpuJob('low', 20, 3500)], options)
    h.register(cpuJob('high', 70, 1000, 1, type))
    const plan = h.process('high')
    expect(stopped(plan)).toHaveLength(evictions)
    expect(placed(plan)).toHaveLength(evictions)
    if (evictions === 0) expect(plan.FailedTGAllocs.g!.DimensionExhausted).toEqual({cpu: 1})
  })
})

describe('service preemption (service_scheduler_enabled)', () => {
  test('evicts a lower-priority allocation and lists it in the plan', () => {
    const h = cluster(makeNodes(1), [cpuJob('low', 20, 3500)], SERVICE_ON)
    const victim = h.live('low')[0]!
    h.register(cpuJob('high', 70, 1000))
    const plan = h.process('high')
    const [a] = placed(plan)
    expect(stopped(plan)).toEqual([expect.objectContaining({ID: victim.ID, DesiredStatus: 'evict', DesiredDescription: `Preempted by alloc ID ${a!.ID}`, PreemptedByAllocation: a!.ID})])
    expect(plan.Annotations.DesiredTGUpdates.g).toMatchObject({Place: 1, Preemptions: 1})
    expect(plan.Annotations.PreemptedAllocs).toEqual([{ID: victim.ID, Name: victim.Name, JobID: 'low', TaskGroup: 'g', NodeID: victim.NodeID, Priority: 20, PreemptedBy: a!.ID}])
    expect(plan.FollowupEvals).toMatchObject([{JobID: 'low', TriggeredBy: 'preemption', Priority: 20}])
    expect(a!.Metrics!.ScoreMetaData[0]!.Scores.preemption).toBeCloseTo(preemptionScore(netPriority([20])), 12)
    expect(plan.FailedTGAllocs).toEqual({})
  })

  test.each([
    ['a difference of 10 is enough', 60, 1],
    ['a difference of 9 is not', 61, 0],
    ['equal priority is not', 70, 0],
  ])('%s', (_d, low, evictions) => {
    const h = cluster(makeNodes(1), [cpuJob('low', low, 3500)], SERVICE_ON)
    h.register(cpuJob('high', 70, 1000))
    expect(stopped(h.process('high'))).toHaveLength(evictions)
  })

  test('lowest priority goes first', () => {
    const h = cluster(makeNodes(1), [cpuJob('p30', 30, 1800), cpuJob('p20', 20, 1800)], SERVICE_ON)
    h.register(cpuJob('high', 70, 1000))
    expect(stopped(h.process('high')).map((a) => a.JobID)).toEqual(['p20'])
  })

  test('within a priority, the allocation closest in size to the need', () => {
    const h = cluster(makeNodes(1), [cpuJob('small', 20, 500), cpuJob('exact', 20, 1000), cpuJob('large', 20, 2400)], SERVICE_ON)
    h.register(cpuJob('high', 70, 1000))
    expect(stopped(h.process('high')).map((a) => a.JobID)).toEqual(['exact'])
  })

  test('several victims when one is not enough', () => {
    const h = cluster(makeNodes(1), [cpuJob('low', 20, 1000, 4)], SERVICE_ON)
    h.register(cpuJob('high', 70, 2500))
    const plan = h.process('high')
    expect(stopped(plan)).toHaveLength(3)
    expect(plan.Annotations.DesiredTGUpdates.g!.Preemptions).toBe(3)
    expect(plan.FollowupEvals).toHaveLength(1) // one evaluation per victim job
  })

  test('a second pass drops victims that turn out not to be needed', () => {
    // first pass: the priority-10 400 (only one at that priority), still short, then the
    // priority-20 3,600; the second pass takes the farthest in size first and stops there.
    const h = cluster(makeNodes(1), [cpuJob('p10', 10, 400), cpuJob('p20', 20, 3600)], SERVICE_ON)
    h.register(cpuJob('high', 70, 1000))
    expect(stopped(h.process('high')).map((a) => a.JobID)).toEqual(['p20'])
  })

  test('the node whose victims matter least wins (preemption score)', () => {
    const nodes = makeNodes(2)
    const h = new Harness(nodes)
    for (const [id, prio, node] of [['p40', 40, 0], ['p10', 10, 1]] as const) {
      h.register(makeJob({ID: id, Priority: prio, Constraints: [{LTarget: '${node.unique.id}', RTarget: nodes[node]!.ID, Operand: '='}]}, [{Name: 'g', Tasks: [makeTask({Resources: {CPU: 3500, MemoryMB: 100}})]}]))
      h.process(id)
    }
    h.setClient(() => true, 'running')
    h.options = SERVICE_ON
    h.register(cpuJob('high', 70, 1000))
    const plan = h.process('high')
    expect(stopped(plan).map((a) => a.JobID)).toEqual(['p10'])
    expect(placed(plan)[0]!.NodeID).toBe(nodes[1]!.ID)
  })

  test('a node with room is used as is, with nothing preempted', () => {
    const nodes = makeNodes(2)
    const h = cluster([nodes[0]!], [cpuJob('low', 20, 3500)], SERVICE_ON)
    h.snap = {...h.snap, nodes}
    h.register(cpuJob('high', 70, 1000))
    const plan = h.process('high')
    expect(stopped(plan)).toEqual([])
    expect(placed(plan)[0]!.NodeID).toBe(nodes[1]!.ID)
  })

  test('own allocations are never preempted, and ports are not made free', () => {
    const h = cluster(makeNodes(1), [cpuJob('high', 70, 3500)], SERVICE_ON)
    h.register(cpuJob('high', 70, 3500, 2))
    const plan = h.process('high')
    expect(stopped(plan)).toEqual([])
    expect(plan.FailedTGAllocs.g!.DimensionExhausted).toEqual({cpu: 1})
  })

  test('nothing lower-priority enough: exhausted, as without preemption', () => {
    const h = cluster(makeNodes(2), [cpuJob('mid', 65, 3500, 2)], SERVICE_ON)
    h.register(cpuJob('high', 70, 1000))
    const plan = h.process('high')
    expect(stopped(plan)).toEqual([])
    expect(plan.FailedTGAllocs.g).toMatchObject({NodesExhausted: 2, DimensionExhausted: {cpu: 2}})
  })
})

describe("Nomad's preemption arithmetic", () => {
  test.each([
    ['same size', {cpu: 1000, mem: 100, disk: 0}, {cpu: 1000, mem: 100, disk: 0}, 0],
    ['half the cpu', {cpu: 1000, mem: 100, disk: 0}, {cpu: 500, mem: 100, disk: 0}, 0.5],
    ['twice the memory and cpu', {cpu: 1000, mem: 100, disk: 0}, {cpu: 2000, mem: 200, disk: 0}, Math.SQRT2],
    ['dimensions not asked for do not count', {cpu: 1000, mem: 0, disk: 0}, {cpu: 1000, mem: 500, disk: 300}, 0],
  ])('resource distance: %s', (_d, ask, used, want) => {
    expect(resourceDistance(ask, used)).toBeCloseTo(want, 12)
  })

  test('net priority: the highest plus the sum over it; the score halves at 2048', () => {
    expect(netPriority([20])).toBe(21)
    expect(netPriority([20, 40, 40])).toBe(40 + 100 / 40)
    expect(preemptionScore(2048)).toBe(0.5)
    expect(preemptionScore(netPriority([10]))).toBeGreaterThan(preemptionScore(netPriority([40])))
  })
})

describe('job plan shows the preemptions', () => {
  test("a system job's plan lists the allocation it would evict (Nomad's Preemptions table)", () => {
    const h = cluster(makeNodes(1), [cpuJob('low', 20, 3500)])
    const victim = h.live('low')[0]!
    const r = planJob(h.snap, cpuJob('agent', 70, 1000, 1, 'system'), {now: h.now, newId: h.newId})
    const lines = renderJobPlan(r)
    const at = lines.indexOf('Preemptions:')
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 3]).toMatch(new RegExp(`^${victim.ID}\\s+low\\s+g$`))
  })
})
