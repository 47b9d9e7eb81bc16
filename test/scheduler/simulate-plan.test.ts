import {describe, expect, test} from 'vitest'
import {buildVirtualNodes, parseNodeSpec, planJob, simulate} from '../../src/scheduler/index.js'
import {Harness} from './harness.js'
import {idGen, makeJob, makeNodes, makeTask} from './fixtures.js'

describe('parseNodeSpec', () => {
  test('reads every key', () => {
    const r = parseNodeSpec('cpu=2000,memory=4096,disk=5000,dc=eu,class=web,pool=p,drivers=docker+exec,attr.os.name=alpine,meta.rack=r1')
    expect(r).toEqual({spec: {cpu: 2000, memory: 4096, disk: 5000, datacenter: 'eu', nodeClass: 'web', pool: 'p', drivers: ['docker', 'exec'], attributes: {'kernel.name': 'linux', 'cpu.arch': 'amd64', 'os.name': 'alpine'}, meta: {rack: 'r1'}}})
  })
  test.each([
    ['cpu=abc', 'node spec "cpu=abc": cpu must be a positive integer, got "abc"'],
    ['gpu=1', 'node spec "gpu=1": unknown key "gpu" (use cpu, memory, disk, dc, class, pool, drivers=a+b, attr.NAME, meta.NAME)'],
    ['cpu', 'node spec "cpu": "cpu" is not key=value'],
  ])('%s is rejected', (text, msg) => expect(parseNodeSpec(text)).toEqual({error: msg}))

  test('nodes take the specs round-robin', () => {
    const a = parseNodeSpec('dc=a')
    const b = parseNodeSpec('dc=b')
    if ('error' in a || 'error' in b) throw new Error('bad spec')
    expect(buildVirtualNodes(3, [a.spec, b.spec]).map((n) => [n.Name, n.Datacenter])).toEqual([['sim-0', 'a'], ['sim-1', 'b'], ['sim-2', 'a']])
  })
})

describe('simulate', () => {
  test('a 50,000-allocation job on 2,000 nodes: every placement tallied, none kept in a plan', () => {
    const spec = parseNodeSpec('cpu=8000,memory=16384,disk=100000')
    if ('error' in spec) throw new Error(spec.error)
    const job = makeJob({ID: 'big'}, [{Name: 'g', Count: 50_000, EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 1}, Tasks: [makeTask({Resources: {CPU: 10, MemoryMB: 10}})]}])
    const r = simulate({nodes: buildVirtualNodes(2000, [spec.spec]), jobs: [job]})
    expect(r).toMatchObject({fits: true, placements: 50_000, failures: 0, jobs: [{id: 'big', desired: 50_000, placed: 50_000, failed: 0}]})
    expect(r.utilisation.cpu.used).toBe(500_000)
    expect(r.spread.byDatacenter).toEqual({dc1: 50_000})
  })

  test('reports fit, utilisation, spread and throughput with an injected clock', () => {
    let t = 0
    const r = simulate({nodes: buildVirtualNodes(4), jobs: [makeJob({}, [{Count: 8, Tasks: [makeTask({Resources: {CPU: 1000, MemoryMB: 1024}})]}])], clock: () => (t += 100)})
    expect(r.fits).toBe(true)
    expect(r.placements).toBe(8)
    expect(r.utilisation.cpu).toEqual({used: 8000, total: 16000, percent: 50})
    expect(r.utilisation.memory.percent).toBe(25)
    expect(r.spread.nodesUsed).toBe(4)
    expect(r.spread.byDatacenter).toEqual({dc1: 8})
    expect(r.durationMs).toBe(100)
    expect(r.placementsPerSecond).toBe(80)
  })

  test('a job that does not fit is reported with its explanation', () => {
    const r = simulate({nodes: buildVirtualNodes(2), jobs: [makeJob({}, [{Count: 3, Tasks: [makeTask({Resources: {CPU: 3000, MemoryMB: 64}})]}])]})
    expect(r.fits).toBe(false)
    expect(r.jobs[0]).toEqual({id: 'example', desired: 3, placed: 2, failed: 1, explanations: ['Placement failed for group web: 2 nodes exhausted — cpu (2)']})
    expect(r.placementsPerSecond).toBeNull()
  })
})

describe('planJob', () => {
  test('new job against an empty snapshot: placement fails, exit 1', () => {
    const r = planJob({jobs: {}, nodes: [], allocs: [], deployments: []}, makeJob({}, [{Count: 2}]), {now: 0, newId: idGen()})
    expect(r.diffType).toBe('Added')
    expect(r.totals.Place).toBe(2)
    expect(r.exitCode).toBe(1)
    expect(r.explanations).toContain('Placement failed for group web: no nodes were eligible for evaluation (the cluster has no nodes) (2 placements failed)')
  })

  test('unchanged job: no diff, exit 0', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 2}]))
    h.converge('example')
    const r = planJob(h.snap, makeJob({}, [{Count: 2}]), {now: h.now, newId: idGen()})
    expect(r).toMatchObject({diffType: 'None', diff: [], exitCode: 0, version: 0})
  })

  test('edited job: field diff, in-place vs destructive counts', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 2}]))
    h.converge('example')
    const r = planJob(h.snap, makeJob({}, [{Count: 3, Tasks: [makeTask({Env: {A: 'b'}})]}]), {now: h.now, newId: idGen()})
    expect(r.diffType).toBe('Edited')
    expect(r.version).toBe(1)
    expect(r.diff).toEqual(['~ TaskGroups["web"].Count: 2 => 3', '+ TaskGroups["web"].Tasks["app"].Env.A: "b"'])
    expect(r.totals).toMatchObject({Place: 1, DestructiveUpdate: 2})
    expect(r.exitCode).toBe(1)
    expect(r.explanations[0]).toBe('Task group "web": 1 create, 2 create/destroy update (destructive: task app env changed)')
  })

  test('in-place only change exits 0', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 2}]))
    h.converge('example')
    const r = planJob(h.snap, makeJob({}, [{Count: 2, Constraints: [{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}]}]), {now: h.now, newId: idGen()})
    expect(r.totals).toMatchObject({InPlaceUpdate: 2, Place: 0})
    expect(r.exitCode).toBe(0)
  })
})
