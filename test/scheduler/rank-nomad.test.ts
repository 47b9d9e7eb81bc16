// Ranking as Nomad does it: the final score averages only the scores that apply to a node
// (zero affinity and spread scores are left out), Nomad's spread boosts, and incremental counts.
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import type {Allocation, Job, Node} from '../../src/model/index.js'
import {schedule, type Snapshot} from '../../src/scheduler/index.js'
import {scoreBinPack} from '../../src/scheduler/rank.js'
import {groupAsk} from '../../src/scheduler/resources.js'
import {evenSpreadBoost, groupSpreads, spreadScore} from '../../src/scheduler/spread-score.js'
import {emptyUsage} from '../../src/scheduler/state.js'
import {ValueCounts} from '../../src/scheduler/value-counts.js'
import {formatG3, renderPlacementScores} from '../../src/scheduler/render-scores.js'
import {idGen, makeEval, makeJob, makeNode, makeTask} from './fixtures.js'

function planFor(nodes: Node[], job: Job, allocs: Allocation[] = []) {
  const snap: Snapshot = {jobs: {[job.ID]: job}, nodes, allocs, deployments: []}
  return schedule(snap, makeEval(job), {now: 1000, newId: idGen()})
}

const counts = (m: Record<string, number>) => {
  const c = new ValueCounts()
  for (const [k, n] of Object.entries(m)) for (let i = 0; i < n; i++) c.add(k, 1)
  return c
}

describe('score normalization over the scores that apply', () => {
  // Node A is fuller (better binpack) and matches no affinity; node B is empty and matches
  // affinities worth 0.4. Nomad leaves A's zero affinity out of its average and picks A;
  // averaging the zero in (binpack / 2) would pick B.
  const filler = makeJob({ID: 'filler'}, [{Count: 1, Tasks: [makeTask({Resources: {CPU: 556, MemoryMB: 1043}})]}])
  const nodes = [makeNode(0, {Meta: {}}), makeNode(1, {Meta: {rack: 'r1', zone: 'z1'}})]
  const job = makeJob(
    {
      Affinities: [
        {LTarget: '${meta.rack}', RTarget: 'r1', Operand: '=', Weight: 70},
        {LTarget: '${meta.zone}', RTarget: 'z1', Operand: '=', Weight: -30},
      ],
    },
    [{Count: 1}],
  )

  test('the fuller node without a matching affinity wins, scored by binpack alone', () => {
    const filled = Object.values(planFor([nodes[0]!], filler).NodeAllocation).flat()
    const ask = groupAsk(job.TaskGroups[0]!)
    const bA = scoreBinPack(nodes[0]!, {...emptyUsage(nodes[0]!), cpu: 556, mem: 1043}, ask)
    const bB = scoreBinPack(nodes[1]!, emptyUsage(nodes[1]!), ask)
    // the case is the one where the two rules disagree
    expect(bA).toBeGreaterThan((bB + 0.4) / 2)
    expect(bA / 2).toBeLessThan((bB + 0.4) / 2)
    const [placed] = Object.values(planFor(nodes, job, filled).NodeAllocation).flat()
    expect(placed!.NodeID).toBe('node-000')
    const meta = Object.fromEntries(placed!.Metrics!.ScoreMetaData.map((m) => [m.NodeID, m]))
    expect(meta['node-000']).toEqual({NodeID: 'node-000', NormScore: bA, Scores: {binpack: bA, 'job-anti-affinity': 0, 'node-reschedule-penalty': 0}})
    expect(meta['node-001']!.Scores).toEqual({binpack: bB, 'job-anti-affinity': 0, 'node-reschedule-penalty': 0, 'node-affinity': 0.4})
    expect(meta['node-001']!.NormScore).toBeCloseTo((bB + 0.4) / 2, 12)
  })

  test('job anti-affinity counts only where the group already has allocations', () => {
    const plan = planFor([makeNode(0), makeNode(1)], makeJob({}, [{Count: 2}]))
    const second = Object.values(plan.NodeAllocation).flat().find((a) => a.Name.endsWith('[1]'))!
    for (const m of second.Metrics!.ScoreMetaData) {
      const aa = m.Scores['job-anti-affinity']!
      const expected = aa === 0 ? m.Scores.binpack! : (m.Scores.binpack! + aa) / 2
      expect(m.NormScore).toBeCloseTo(expected, 12)
    }
    expect(second.Metrics!.ScoreMetaData.map((m) => m.Scores['job-anti-affinity']).sort()).toEqual([-1, 0])
  })
})

describe("Nomad's even-spread boost (evenSpreadScoreBoost)", () => {
  test.each([
    ['nothing placed yet', {}, 'a', 0],
    ['even distribution: maximum penalty', {a: 2, b: 2}, 'a', -1],
    ['a value below the minimum gets the boost', {a: 1, b: 3}, 'c', 1],
    ['above the minimum: penalty by the distance', {a: 1, b: 3}, 'b', -2],
    ['at the minimum of an uneven map: boost by max - min', {a: 1, b: 3}, 'a', 2],
    ['at the minimum of two', {a: 2, b: 3}, 'a', 0.5],
  ])('%s', (_d, m, value, want) => {
    expect(evenSpreadBoost(counts(m), value)).toBe(want)
  })

  test('targets: (desired - used) / desired, weighted; missing attribute and zero-percent targets', () => {
    const job = makeJob({}, [
      {
        Count: 10,
        Spreads: [
          {Attribute: '${node.datacenter}', Weight: 75, SpreadTarget: [{Value: 'dc1', Percent: 70}, {Value: 'dc2', Percent: 30}]},
          {Attribute: '${meta.rack}', Weight: 25, SpreadTarget: [{Value: 'r1', Percent: 50}]},
        ],
      },
    ])
    const gs = groupSpreads(job, job.TaskGroups[0]!)
    const dcCounts = counts({dc1: 3})
    const rackCounts = counts({r1: 1, r2: 4})
    const of = gs.infos.map((s) => (s.attribute === '${node.datacenter}' ? dcCounts : rackCounts))
    // dc1: (7 - 4) / 7 * 0.75; r2 is not a target: the implicit "*" gets the other 5: (5 - 5) / 5 * 0.25
    expect(spreadScore(gs, makeNode(0, {Datacenter: 'dc1', Meta: {rack: 'r2'}}), of)).toBeCloseTo((3 / 7) * 0.75, 12)
    // a node without the rack attribute: -1 for that spread
    expect(spreadScore(gs, makeNode(0, {Datacenter: 'dc2', Meta: {}}), of)).toBeCloseTo((2 / 3) * 0.75 - 1, 12)
  })

  test('a group with spread scores max(count, 100) nodes at 2,000 nodes and spreads evenly', () => {
    const nodes = Array.from({length: 2000}, (_, i) => makeNode(i, {Datacenter: `dc${i % 4}`}))
    const job = makeJob({Spreads: [{Attribute: '${node.datacenter}', Weight: 100, SpreadTarget: null}]}, [{Count: 40, Tasks: [makeTask({Resources: {CPU: 10, MemoryMB: 10}})]}])
    const placed = Object.values(planFor(nodes, job).NodeAllocation).flat()
    const byDc: Record<string, number> = {}
    for (const a of placed) byDc[nodes[Number(a.NodeID.slice(5))]!.Datacenter] = (byDc[nodes[Number(a.NodeID.slice(5))]!.Datacenter] ?? 0) + 1
    expect(byDc).toEqual({dc0: 10, dc1: 10, dc2: 10, dc3: 10})
    expect(placed.every((a) => a.Metrics!.NodesEvaluated <= 2000 && a.Metrics!.NodesEvaluated >= 100)).toBe(true)
    expect(placed[0]!.Metrics!.NodesEvaluated).toBe(100)
  })
})

describe('value counts keep min and max as counts change', () => {
  test('matches a recount after any sequence of adds and removes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom(1 as const, 1 as const, -1 as const)), {maxLength: 60}), (ops) => {
        const c = new ValueCounts()
        const ref = new Map<string, number>()
        for (const [v, d] of ops) {
          c.add(v, d)
          const n = (ref.get(v) ?? 0) + d
          if (n > 0) ref.set(v, n)
          else if (n === 0) ref.delete(v)
          const vals = [...ref.values()]
          expect([c.size, c.min, c.max]).toEqual([ref.size, vals.length ? Math.min(...vals) : 0, vals.length ? Math.max(...vals) : 0])
          for (const k of ['a', 'b', 'c', 'd']) expect(c.get(k)).toBe(ref.get(k) ?? 0)
        }
      }),
    )
  })
})

describe('placement scores rendering', () => {
  test.each([
    [0, '0'],
    [0.5, '0.5'],
    [0.123456, '0.123'],
    [-1, '-1'],
    [0.0000123, '1.23e-05'],
    [-0.3333333, '-0.333'],
    [12.5, '12.5'],
  ])('Go %%.3g of %s is %s', (v, want) => {
    expect(formatG3(v)).toBe(want)
  })

  test('a table per group: sorted score names, normalized-score last', () => {
    const plan = planFor([makeNode(0), makeNode(1)], makeJob({}, [{Count: 2}]))
    const lines = renderPlacementScores(plan)
    expect(lines[0]).toMatch(/^Placement scores for example\.web\[0\] \(group "web", 2 nodes evaluated; chosen: node-00[01]\):$/)
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['Node', 'binpack', 'job-anti-affinity', 'node-reschedule-penalty', 'normalized-score'])
    expect(lines).toHaveLength(4)
  })
})
