import {describe, expect, test} from 'vitest'
import type {Job, Node} from '../../src/model/index.js'
import {schedule, simulate, type Snapshot} from '../../src/scheduler/index.js'
import {buildGroupPlacer} from '../../src/scheduler/feasible.js'
import {scoreBinPack} from '../../src/scheduler/rank.js'
import {scoreLimit} from '../../src/scheduler/select.js'
import {emptyUsage} from '../../src/scheduler/state.js'
import {idGen, makeEval, makeJob, makeNode, makeNodes} from './fixtures.js'

function planFor(nodes: Node[], job: Job, allocs: Snapshot['allocs'] = [], evalId = 'eval-1') {
  const snap: Snapshot = {jobs: {[job.ID]: job}, nodes, allocs, deployments: []}
  return schedule(snap, makeEval(job, evalId), {now: 1000, newId: idGen()})
}

function countBy(plan: ReturnType<typeof planFor>, nodes: Node[], key: (n: Node) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const a of Object.values(plan.NodeAllocation).flat()) {
    const k = key(nodes.find((n) => n.ID === a.NodeID)!)
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}

describe('bin-packing score (Nomad ScoreFitBinPack)', () => {
  const node = makeNode(0)
  const ask = {cpu: 100, mem: 300, disk: 0, tasks: {}, staticPorts: [], dynamicPorts: []}
  test.each([
    ['empty node, small ask', 0, 0, (20 - (10 ** (1 - 100 / 4000) + 10 ** (1 - 300 / 8192))) / 18],
    ['half full', 1900, 3796, (20 - (10 ** 0.5 + 10 ** 0.5)) / 18],
    ['exactly full scores 1', 3900, 7892, 1],
  ])('%s', (_d, cpu, mem, want) => {
    const u = {...emptyUsage(node), cpu, mem}
    expect(scoreBinPack(node, u, ask)).toBeCloseTo(want, 10)
  })

  test('placement prefers the fuller node', () => {
    const nodes = makeNodes(2)
    const filler = planFor([nodes[1]!], makeJob({ID: 'filler'}, [{Count: 1, Tasks: [{...makeJob().TaskGroups[0]!.Tasks[0]!, Resources: {CPU: 2000, MemoryMB: 4000}}]}]))
    const plan = planFor(nodes, makeJob(), Object.values(filler.NodeAllocation).flat())
    expect(Object.keys(plan.NodeAllocation)).toEqual(['node-001'])
  })
})

describe('scoring stages', () => {
  test('job anti-affinity spreads a group over nodes and is recorded', () => {
    const nodes = makeNodes(2)
    const plan = planFor(nodes, makeJob({}, [{Count: 2}]))
    expect(Object.keys(plan.NodeAllocation).sort()).toEqual(['node-000', 'node-001'])
    const second = Object.values(plan.NodeAllocation).flat().find((a) => a.Name.endsWith('[1]'))!
    const scored = second.Metrics!.ScoreMetaData.find((s) => s.Scores['job-anti-affinity'] !== 0)!
    expect(scored.Scores['job-anti-affinity']).toBe(-1)
  })

  test.each([
    ['positive affinity attracts', 100, {r1: 6}],
    ['negative affinity repels', -100, {r0: 6}],
  ])('%s', (_d, weight, want) => {
    const nodes = makeNodes(6, (i) => ({Meta: {rack: `r${i % 2}`}}))
    const job = makeJob({Affinities: [{LTarget: '${meta.rack}', RTarget: 'r1', Operand: '=', Weight: weight}]}, [{Count: 6, Tasks: [{...makeJob().TaskGroups[0]!.Tasks[0]!, Resources: {CPU: 10, MemoryMB: 10}}]}])
    expect(countBy(planFor(nodes, job), nodes, (n) => n.Meta.rack!)).toEqual(want)
  })

  test('spread with targets follows the percentages', () => {
    const nodes = makeNodes(10, (i) => ({Datacenter: i < 5 ? 'dc1' : 'dc2'}))
    const job = makeJob({}, [{Count: 10, Spreads: [{Attribute: '${node.datacenter}', Weight: 100, SpreadTarget: [{Value: 'dc1', Percent: 70}, {Value: 'dc2', Percent: 30}]}]}])
    expect(countBy(planFor(nodes, job), nodes, (n) => n.Datacenter)).toEqual({dc1: 7, dc2: 3})
  })

  test('even spread without targets', () => {
    const nodes = makeNodes(9, (i) => ({Datacenter: `dc${i % 3}`}))
    const job = makeJob({Spreads: [{Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: null}]}, [{Count: 9}])
    expect(countBy(planFor(nodes, job), nodes, (n) => n.Datacenter)).toEqual({dc0: 3, dc1: 3, dc2: 3})
  })
})

describe('node sampling and seeding', () => {
  test.each([
    ['service on 5000 nodes looks at log2 = 13', 'service', 5000, false, 13],
    ['service on 3 nodes looks at 2', 'service', 3, false, 2],
    ['batch looks at 2 (power of two choices)', 'batch', 5000, false, 2],
    ['spread or affinity looks at max(count, 100) nodes', 'service', 5000, true, 100],
  ] as const)('%s', (_d, type, n, spread, want) => {
    const job = makeJob({Type: type}, [{Spreads: spread ? [{Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: null}] : null}])
    expect(scoreLimit(job, buildGroupPlacer(job, job.TaskGroups[0]!), n)).toBe(want)
  })

  test('a 1000-node cluster is sampled, not scanned, per placement', () => {
    const plan = planFor(makeNodes(1000), makeJob({}, [{Count: 1}]))
    expect(Object.values(plan.NodeAllocation).flat()[0]!.Metrics!.NodesEvaluated).toBe(10)
  })

  test('same eval id gives the same plan; another id another shuffle', () => {
    const nodes = makeNodes(50)
    const job = makeJob({}, [{Count: 5}])
    const a = planFor(nodes, job, [], 'seed-a')
    const b = planFor(nodes, job, [], 'seed-a')
    const c = planFor(nodes, job, [], 'seed-c')
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(Object.keys(c.NodeAllocation).sort()).not.toEqual(Object.keys(a.NodeAllocation).sort())
  })
})

describe('scheduler algorithm', () => {
  test('spread scores emptier nodes higher (Nomad ScoreFitSpread)', () => {
    const node = makeNode(0)
    const ask = {cpu: 100, mem: 300, disk: 0, tasks: {}, staticPorts: [], dynamicPorts: []}
    const empty = emptyUsage(node)
    expect(scoreBinPack(node, empty, ask, true)).toBeCloseTo((10 ** (1 - 100 / 4000) + 10 ** (1 - 300 / 8192) - 2) / 18, 10)
    expect(scoreBinPack(node, {...empty, cpu: 3900, mem: 7892}, ask, true)).toBe(0)
  })

  test('simulate with the spread algorithm uses every node evenly', () => {
    const nodes = makeNodes(4)
    const jobs = [makeJob({}, [{Count: 8}])]
    const spread = simulate({nodes, jobs, algorithm: 'spread'})
    expect(spread.spread.allocsPerNode).toMatchObject({min: 2, max: 2})
  })
})
