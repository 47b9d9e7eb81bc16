// Invariants over random clusters and jobs (fast-check).
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import type {Job, Node, Port} from '../../src/model/index.js'
import {isPlanEmpty} from '../../src/model/plan.js'
import {applyPlan, schedule, type Snapshot} from '../../src/scheduler/index.js'
import {nodeCapacity} from '../../src/scheduler/resources.js'
import {Harness} from './harness.js'
import {idGen, liveAllocs, makeEval, makeJob, makeNode, makeTask} from './fixtures.js'

const nodeArb = fc.record({
  cpu: fc.integer({min: 200, max: 4000}),
  mem: fc.integer({min: 256, max: 4096}),
  reservedPort: fc.option(fc.constantFrom(8080, 9090), {nil: undefined}),
  windows: fc.boolean(),
  docker: fc.boolean(),
  status: fc.constantFrom('ready', 'ready', 'ready', 'down', 'initializing'),
  eligible: fc.boolean(),
  draining: fc.boolean(),
  dc: fc.constantFrom('dc1', 'dc2'),
})

const jobArb = fc.record({
  type: fc.constantFrom('service', 'batch', 'system'),
  count: fc.integer({min: 0, max: 12}),
  cpu: fc.integer({min: 50, max: 1500}),
  mem: fc.integer({min: 64, max: 1500}),
  staticPort: fc.option(fc.constantFrom(8080, 8081), {nil: undefined}),
  dynamic: fc.integer({min: 0, max: 2}),
  docker: fc.boolean(),
  linuxOnly: fc.boolean(),
  dcs: fc.constantFrom(['*'], ['dc1'], ['dc2']),
})

type NodeIn = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never
type JobIn = typeof jobArb extends fc.Arbitrary<infer T> ? T : never

function toNode(x: NodeIn, i: number): Node {
  return makeNode(i, {
    Datacenter: x.dc,
    Attributes: {'kernel.name': x.windows ? 'windows' : 'linux'},
    Drivers: {raw_exec: {Detected: true, Healthy: true}, ...(x.docker ? {docker: {Detected: true, Healthy: true}} : {})},
    NodeResources: {CpuShares: x.cpu, MemoryMB: x.mem, DiskMB: 10_000, MinDynamicPort: 20000, MaxDynamicPort: 20010},
    ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: x.reservedPort ? [x.reservedPort] : []},
    Status: x.status as Node['Status'],
    SchedulingEligibility: x.eligible ? 'eligible' : 'ineligible',
    DrainStrategy: x.draining ? {Deadline: 0, IgnoreSystemJobs: false, StartedAt: 0} : null,
  })
}

function toJob(x: JobIn, i: number): Job {
  const port = (Label: string, Value: number): Port => ({Label, Value, To: 0, HostNetwork: 'default'})
  return makeJob({ID: `job-${i}`, Type: x.type as Job['Type'], Datacenters: [...x.dcs], Constraints: x.linuxOnly ? [{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}] : null}, [
    {
      Count: x.count,
      EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 100},
      Networks: [{Mode: 'host', ReservedPorts: x.staticPort ? [port('s', x.staticPort)] : null, DynamicPorts: Array.from({length: x.dynamic}, (_, k) => port(`d${k}`, 0))}],
      Tasks: [makeTask({Driver: x.docker ? 'docker' : 'raw_exec', Resources: {CPU: x.cpu, MemoryMB: x.mem}})],
    },
  ])
}

function runAll(nodes: Node[], jobs: Job[], seed = 'p'): Snapshot {
  let snap: Snapshot = {jobs: Object.fromEntries(jobs.map((j) => [j.ID, j])), nodes, allocs: [], deployments: []}
  const newId = idGen(seed)
  for (const j of jobs) snap = applyPlan(snap, schedule(snap, makeEval(j, `${seed}-${j.ID}`), {now: 1, newId}))
  return snap
}

const clusterArb = fc.tuple(fc.array(nodeArb, {minLength: 1, maxLength: 8}), fc.array(jobArb, {minLength: 1, maxLength: 4}))

describe('placement invariants', () => {
  test('never over-commits cpu, memory, disk or ports on any node', () => {
    fc.assert(
      fc.property(clusterArb, ([ns, js]) => {
        const nodes = ns.map(toNode)
        const snap = runAll(nodes, js.map(toJob))
        for (const n of nodes) {
          const mine = liveAllocs(snap.allocs).filter((a) => a.NodeID === n.ID)
          const cap = nodeCapacity(n)
          const sum = (f: (t: {CpuShares: number; MemoryMB: number}) => number) => mine.reduce((s, a) => s + Object.values(a.AllocatedResources.Tasks).reduce((x, t) => x + f(t), 0), 0)
          expect(sum((t) => t.CpuShares)).toBeLessThanOrEqual(cap.cpu)
          expect(sum((t) => t.MemoryMB)).toBeLessThanOrEqual(cap.mem)
          expect(mine.reduce((s, a) => s + a.AllocatedResources.Shared.DiskMB, 0)).toBeLessThanOrEqual(cap.disk)
          const ports = [...n.ReservedResources.ReservedPorts, ...mine.flatMap((a) => a.AllocatedResources.Shared.Ports.map((p) => p.Value))]
          expect(new Set(ports).size).toBe(ports.length)
        }
      }),
      {numRuns: 150},
    )
  })

  test('never places on an ineligible, draining, down or infeasible node', () => {
    fc.assert(
      fc.property(clusterArb, ([ns, js]) => {
        const nodes = ns.map(toNode)
        const jobs = js.map(toJob)
        const snap = runAll(nodes, jobs)
        for (const a of snap.allocs) {
          const n = nodes.find((x) => x.ID === a.NodeID)!
          const j = jobs.find((x) => x.ID === a.JobID)!
          expect(n.Status).toBe('ready')
          expect(n.SchedulingEligibility).toBe('eligible')
          expect(n.DrainStrategy).toBeNull()
          if (j.Constraints) expect(n.Attributes['kernel.name']).toBe('linux')
          for (const t of j.TaskGroups[0]!.Tasks) expect(n.Drivers[t.Driver]?.Healthy).toBe(true)
          if (j.Datacenters[0] !== '*') expect(n.Datacenter).toBe(j.Datacenters[0])
        }
      }),
      {numRuns: 150},
    )
  })

  test('the same inputs and seed give the same plan', () => {
    fc.assert(
      fc.property(clusterArb, ([ns, js]) => {
        const nodes = ns.map(toNode)
        const jobs = js.map(toJob)
        expect(JSON.stringify(runAll(nodes, jobs, 's1'))).toBe(JSON.stringify(runAll(nodes, jobs, 's1')))
      }),
      {numRuns: 60},
    )
  })
})

describe('convergence', () => {
  const opArb = fc.constantFrom('scale', 'fail', 'node-down', 'update', 'complete')
  test('after random disturbances the job converges to its count, then plans nothing', () => {
    fc.assert(
      fc.property(fc.integer({min: 2, max: 6}), fc.integer({min: 0, max: 8}), fc.array(fc.tuple(opArb, fc.integer({min: 0, max: 8})), {maxLength: 6}), (nNodes, count, ops) => {
        const h = new Harness(Array.from({length: nNodes}, (_, i) => makeNode(i)))
        let c = count
        let version = 0
        const job = () => makeJob({}, [{Count: c, Tasks: [makeTask({Env: {V: String(version)}, Resources: {CPU: 100, MemoryMB: 100}})]}])
        h.register(job())
        h.converge('example', 12)
        for (const [op, k] of ops) {
          const live = h.live('example')
          if (op === 'scale') c = k
          else if (op === 'update') version++
          else if (op === 'fail' && live[k % Math.max(1, live.length)]) h.setClient((a) => a.ID === live[k % live.length]!.ID, 'failed')
          else if (op === 'complete' && live[k % Math.max(1, live.length)]) h.setClient((a) => a.ID === live[k % live.length]!.ID, 'complete')
          else if (op === 'node-down' && k % nNodes !== 0) h.patchNode(`node-00${k % nNodes}`, {Status: 'down'})
          h.register(job())
          h.advance(3_600_000) // past any reschedule delay
          h.converge('example', 12)
        }
        const live = h.live('example')
        expect(live).toHaveLength(c)
        expect(new Set(live.map((a) => a.Name)).size).toBe(c)
        expect(live.every((a) => a.JobVersion === h.snap.jobs.example!.Version)).toBe(true)
        expect(isPlanEmpty(h.process('example'))).toBe(true)
      }),
      {numRuns: 120},
    )
  })
})

describe('system jobs under node churn', () => {
  const eventArb = fc.tuple(fc.constantFrom('down', 'drain', 'ineligible', 'add', 'up', 'fail'), fc.integer({min: 0, max: 9}))
  test('one live allocation per ready, eligible, undrained node; never more than the node holds', () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 6}), fc.array(eventArb, {maxLength: 8}), (n, events) => {
        const h = new Harness(Array.from({length: n}, (_, i) => makeNode(i)))
        h.register(makeJob({ID: 'agent', Type: 'system'}, [{Name: 'agent', Tasks: [makeTask({Resources: {CPU: 500, MemoryMB: 100}})]}]))
        h.register(makeJob({ID: 'web'}, [{Count: 3, Tasks: [makeTask({Resources: {CPU: 1000, MemoryMB: 100}})]}]))
        let added = n
        for (const [ev, k] of events) {
          const id = h.snap.nodes[k % h.snap.nodes.length]!.ID
          if (ev === 'down') h.patchNode(id, {Status: 'down'})
          else if (ev === 'up') h.patchNode(id, {Status: 'ready'})
          else if (ev === 'drain') h.patchNode(id, {DrainStrategy: {Deadline: -1, IgnoreSystemJobs: false, StartedAt: 0}})
          else if (ev === 'ineligible') h.patchNode(id, {SchedulingEligibility: 'ineligible'})
          else if (ev === 'add') h.snap = {...h.snap, nodes: [...h.snap.nodes, makeNode(added++)]}
          else h.setClient((a) => a.NodeID === id && a.DesiredStatus === 'run', 'failed')
          h.advance(3_600_000)
          for (const job of ['agent', 'web']) {
            h.process(job)
            h.setClient((a) => a.ClientStatus === 'pending', 'running')
          }
          // agent 500 + at most 3 web × 1000 always fits a 4000 node, so agents are never starved
          for (const node of h.snap.nodes) {
            const mine = liveAllocs(h.snap.allocs).filter((a) => a.NodeID === node.ID)
            expect(mine.reduce((s, a) => s + Object.values(a.AllocatedResources.Tasks).reduce((x, t) => x + t.CpuShares, 0), 0)).toBeLessThanOrEqual(4000)
            const agents = mine.filter((a) => a.JobID === 'agent').length
            const usable = node.Status === 'ready' && !node.DrainStrategy
            if (!usable) expect(agents).toBe(0)
            else if (node.SchedulingEligibility === 'eligible') expect(agents).toBe(1)
            else expect(agents).toBeLessThanOrEqual(1)
          }
        }
      }),
      {numRuns: 80},
    )
  })
})
