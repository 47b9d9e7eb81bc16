// One table per feasibility stage: each case names the nodes, the job and the exact reason the
// plan's metrics record (Nomad's wording) or where the allocations land.
import {describe, expect, test} from 'vitest'
import type {Job, Node, TaskGroup} from '../../src/model/index.js'
import {explainPlan, schedule, type Snapshot} from '../../src/scheduler/index.js'
import {idGen, makeEval, makeJob, makeNode, makeTask} from './fixtures.js'

function planFor(nodes: Node[], job: Job, allocs: Snapshot['allocs'] = []) {
  const snap: Snapshot = {jobs: {[job.ID]: job}, nodes, allocs, deployments: []}
  return schedule(snap, makeEval(job), {now: 1000, newId: idGen()})
}

function placedNodes(plan: ReturnType<typeof planFor>): string[] {
  return Object.entries(plan.NodeAllocation).flatMap(([n, l]) => l.map(() => n)).sort()
}

describe('candidate nodes: datacenter, pool, status, eligibility, drain', () => {
  const nodes = [
    makeNode(0, {Datacenter: 'eu-west-1'}),
    makeNode(1, {Datacenter: 'us-east-1'}),
    makeNode(2, {Datacenter: 'eu-west-2', Status: 'down'}),
    makeNode(3, {Datacenter: 'eu-west-3', SchedulingEligibility: 'ineligible'}),
    makeNode(4, {Datacenter: 'eu-west-4', DrainStrategy: {Deadline: 0, IgnoreSystemJobs: false, StartedAt: 0}}),
    makeNode(5, {Datacenter: 'eu-west-5', NodePool: 'gpu'}),
    makeNode(6, {Datacenter: 'eu-west-6', Status: 'initializing'}),
  ]
  const cases: [string, Partial<Job>, string[]][] = [
    ['glob datacenter keeps only ready, eligible, undrained default-pool nodes', {Datacenters: ['eu-*']}, ['node-000']],
    ['exact datacenter', {Datacenters: ['us-east-1']}, ['node-001']],
    ['node pool gpu', {Datacenters: ['*'], NodePool: 'gpu'}, ['node-005']],
    ['node pool all', {Datacenters: ['eu-west-5', 'eu-west-1'], NodePool: 'all'}, ['node-000', 'node-005']],
  ]
  test.each(cases)('%s', (_d, over, want) => {
    const job = makeJob(over, [{Count: want.length, Constraints: [{LTarget: '', RTarget: 'true', Operand: 'distinct_hosts'}]}])
    const plan = planFor(nodes, job)
    expect(placedNodes(plan)).toEqual(want)
    expect(plan.FailedTGAllocs).toEqual({})
  })

  test('every exclusion reason is counted', () => {
    const plan = planFor(nodes, makeJob({Datacenters: ['eu-west-2', 'eu-west-3', 'eu-west-4', 'eu-west-6']}))
    expect(plan.FailedTGAllocs.web!.NodesExcluded).toEqual({datacenter: 2, 'node pool': 1, 'status down': 1, ineligible: 1, draining: 1, 'status initializing': 1})
  })

  test('no eligible node at all', () => {
    const plan = planFor(nodes, makeJob({Datacenters: ['ap-*']}))
    expect(plan.FailedTGAllocs.web!.NodesEvaluated).toBe(0)
    expect(explainPlan(plan)).toContain('Placement failed for group web: no nodes were eligible for evaluation — datacenter (6), node pool (1)')
  })
})

describe('drivers and constraints', () => {
  const raw = {raw_exec: {Detected: true, Healthy: true}}
  const nodes = [
    makeNode(0, {Drivers: {...raw, docker: {Detected: true, Healthy: true}}}),
    makeNode(1),
    makeNode(2, {Drivers: {...raw, docker: {Detected: true, Healthy: false}}}),
    makeNode(3, {Attributes: {'kernel.name': 'windows'}, Drivers: {...raw, docker: {Detected: true, Healthy: true}}}),
  ]
  const distinct = {LTarget: '', RTarget: '', Operand: 'distinct_hosts'}
  test('missing drivers filter with the driver named in the explanation', () => {
    const job = makeJob({}, [{Count: 1, Tasks: [makeTask({Driver: 'podman'})]}])
    const plan = planFor(nodes, job)
    const m = plan.FailedTGAllocs.web!
    expect(m.ConstraintFiltered).toEqual({'missing drivers': 4})
    expect(m.NodesFiltered).toBe(4)
    expect(explainPlan(plan)).toContain('Placement failed for group web: 4 nodes filtered — missing driver podman (4)')
  })

  test('unhealthy driver counts as missing; job constraint filters before drivers', () => {
    const job = makeJob({Constraints: [{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}, distinct]}, [{Count: 3, Tasks: [makeTask({Driver: 'docker'})]}])
    const plan = planFor(nodes, job)
    expect(plan.FailedTGAllocs.web!.ConstraintFiltered).toEqual({'missing drivers': 2, '${attr.kernel.name} = linux': 1, distinct_hosts: 1})
    expect(placedNodes(plan)).toEqual(['node-000'])
    expect(plan.FailedTGAllocs.web!.CoalescedFailures).toBe(1)
  })

  test.each([
    ['group constraint', {Constraints: [{LTarget: '${attr.kernel.name}', RTarget: 'windows', Operand: '='}, distinct]}, '${attr.kernel.name} = windows', 3],
    ['task constraint', {Tasks: [makeTask({Constraints: [{LTarget: '${meta.gpu}', RTarget: '', Operand: 'is_set'}]})]}, '${meta.gpu} is_set', 4],
    ['regexp on node name', {Constraints: [{LTarget: '${node.unique.name}', RTarget: '^n[12]$', Operand: 'regexp'}, distinct]}, '${node.unique.name} regexp ^n[12]$', 2],
  ] as const)('%s records its reason', (_d, group, reason, filtered) => {
    const job = makeJob({}, [{Count: 4, ...(group as unknown as Partial<TaskGroup>)}])
    const plan = planFor(nodes, job)
    expect(plan.FailedTGAllocs.web!.ConstraintFiltered[reason]).toBe(filtered)
  })
})

describe('distinct_hosts and distinct_property', () => {
  const nodes = [0, 1, 2, 3].map((i) => makeNode(i, {Meta: {rack: `r${i % 2}`}}))
  test('distinct_hosts: one per node, the fifth fails', () => {
    const job = makeJob({Constraints: [{LTarget: '', RTarget: '', Operand: 'distinct_hosts'}]}, [{Count: 5}])
    const plan = planFor(nodes, job)
    expect(placedNodes(plan)).toEqual(['node-000', 'node-001', 'node-002', 'node-003'])
    expect(plan.FailedTGAllocs.web!.ConstraintFiltered).toEqual({distinct_hosts: 4})
  })
  test('distinct_property with a limit of 2 per rack', () => {
    const job = makeJob({}, [{Count: 5, Constraints: [{LTarget: '${meta.rack}', RTarget: '2', Operand: 'distinct_property'}]}])
    const plan = planFor(nodes, job)
    const racks = Object.values(plan.NodeAllocation).flat().map((a) => nodes.find((n) => n.ID === a.NodeID)!.Meta.rack)
    expect(racks.sort()).toEqual(['r0', 'r0', 'r1', 'r1'])
    expect(plan.FailedTGAllocs.web!.ConstraintFiltered).toEqual({'distinct_property: ${meta.rack}': 4})
  })
})

describe('resources', () => {
  const port = (Label: string, Value: number) => ({Label, Value, To: 0, HostNetwork: 'default'})
  test.each([
    ['cpu', {CPU: 5000, MemoryMB: 10}, 'cpu'],
    ['memory', {CPU: 10, MemoryMB: 9000}, 'memory'],
  ])('%s exhausted', (_d, res, dim) => {
    const plan = planFor([makeNode(0), makeNode(1)], makeJob({}, [{Count: 1, Tasks: [makeTask({Resources: res})]}]))
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({[dim]: 2})
    expect(explainPlan(plan)).toContain(`Placement failed for group web: 2 nodes exhausted — ${dim} (2)`)
  })

  test('disk exhausted', () => {
    const plan = planFor([makeNode(0)], makeJob({}, [{Count: 1, EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 200_000}}]))
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({disk: 1})
  })

  test('reserved resources are subtracted from capacity', () => {
    const node = makeNode(0, {ReservedResources: {CpuShares: 3950, MemoryMB: 0, DiskMB: 0, ReservedPorts: []}})
    const plan = planFor([node], makeJob({}, [{Count: 1}]))
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({cpu: 1})
  })

  test('static port: one allocation per node, node-reserved ports are taken', () => {
    const nodes = [makeNode(0), makeNode(1), makeNode(2, {ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: [8080]}})]
    const job = makeJob({}, [{Count: 3, Networks: [{Mode: 'host', ReservedPorts: [port('http', 8080)], DynamicPorts: null}]}])
    const plan = planFor(nodes, job)
    expect(placedNodes(plan)).toEqual(['node-000', 'node-001'])
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({'network: port collision': 3})
    const a = plan.NodeAllocation['node-000']![0]!
    expect(a.AllocatedResources.Shared.Ports).toEqual([{Label: 'http', Value: 8080, To: 0, HostIP: '127.0.1.1'}])
  })

  test('dynamic ports come from the node range, distinct per node, and run out', () => {
    const node = makeNode(0, {NodeResources: {CpuShares: 4000, MemoryMB: 8192, DiskMB: 100_000, MinDynamicPort: 30000, MaxDynamicPort: 30004}})
    const job = makeJob({}, [{Count: 3, Networks: [{Mode: 'host', ReservedPorts: null, DynamicPorts: [port('http', 0), port('admin', 0)]}]}])
    const plan = planFor([node], job)
    const ports = Object.values(plan.NodeAllocation).flat().flatMap((a) => a.AllocatedResources.Shared.Ports.map((p) => p.Value))
    expect(ports).toHaveLength(4)
    expect(new Set(ports).size).toBe(4)
    for (const p of ports) expect(p >= 30000 && p <= 30004).toBe(true)
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({'network: dynamic port selection failed': 1})
  })

  test('existing allocations count against the node', () => {
    const nodes = [makeNode(0)]
    const first = planFor(nodes, makeJob({ID: 'a'}, [{Count: 1, Tasks: [makeTask({Resources: {CPU: 3000, MemoryMB: 100}})]}]))
    const allocs = Object.values(first.NodeAllocation).flat()
    const plan = planFor(nodes, makeJob({ID: 'b'}, [{Count: 1, Tasks: [makeTask({Resources: {CPU: 1500, MemoryMB: 100}})]}]), allocs)
    expect(plan.FailedTGAllocs.web!.DimensionExhausted).toEqual({cpu: 1})
  })
})
