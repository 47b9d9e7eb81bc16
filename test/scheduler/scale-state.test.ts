// What keeps a placement's cost independent of the cluster size: a run writes into the snapshot's
// usage array and puts it back (no copy of every node's usage per evaluation), a constraint on
// `unique.` targets memoises only the nodes it looked at, and reading the candidates ahead
// (select.ts prefetch) does not change which node is chosen.
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import type {Snapshot} from '../../src/scheduler/index.js'
import {schedule, simulate} from '../../src/scheduler/index.js'
import {stateOf} from '../../src/scheduler/state.js'
import {buildGroupPlacer, staticReason} from '../../src/scheduler/feasible.js'
import {newEvalContext} from '../../src/scheduler/eval-context.js'
import {createRng, LazyShuffle, type Rng} from '../../src/scheduler/rng.js'
import {GENERIC_STACK} from '../../src/scheduler/stack.js'
import {idGen, makeEval, makeJob, makeNodes, makeTask} from './fixtures.js'

const job = (id: string, count: number, cpu = 100) => makeJob({ID: id}, [{Name: 'g', Count: count, Tasks: [makeTask({Resources: {CPU: cpu, MemoryMB: 64}})]}])

function snapOf(nodes: number, jobs: ReturnType<typeof job>[]): Snapshot {
  return {jobs: Object.fromEntries(jobs.map((j) => [j.ID, j])), nodes: makeNodes(nodes), allocs: [], deployments: []}
}

describe('a scheduler run leaves the snapshot as it found it', () => {
  test('usage is put back after the run, and the same evaluation plans the same twice', () => {
    const snap = snapOf(20, [job('web', 15)])
    const before = stateOf(snap).res.slice()
    const p1 = schedule(snap, makeEval(snap.jobs.web!, 'e1'), {now: 0, newId: idGen('a')})
    expect(Array.from(stateOf(snap).res)).toEqual(Array.from(before))
    const p2 = schedule(snap, makeEval(snap.jobs.web!, 'e1'), {now: 0, newId: idGen('a')})
    expect(p2.NodeAllocation).toEqual(p1.NodeAllocation)
    expect(Object.values(p1.NodeAllocation).flat()).toHaveLength(15)
  })

  test('usage is put back when the plan fails part-way (no room for every allocation)', () => {
    const snap = snapOf(2, [job('big', 5, 1500)])
    const before = stateOf(snap).res.slice()
    const plan = schedule(snap, makeEval(snap.jobs.big!, 'e1'), {now: 0, newId: idGen('a')})
    expect(Object.keys(plan.FailedTGAllocs)).toEqual(['g'])
    expect(Array.from(stateOf(snap).res)).toEqual(Array.from(before))
  })

  test('property: any sequence of evaluations on one snapshot leaves its usage unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({min: 1, max: 12}), fc.integer({min: 50, max: 2000})), {minLength: 1, maxLength: 4}), (specs) => {
        const jobs = specs.map(([count, cpu], k) => job(`j${k}`, count, cpu))
        const snap = snapOf(6, jobs)
        const before = Array.from(stateOf(snap).res)
        for (const j of jobs) schedule(snap, makeEval(j, `e-${j.ID}`), {now: 0, newId: idGen('a')})
        expect(Array.from(stateOf(snap).res)).toEqual(before)
      }),
      {numRuns: 50},
    )
  })
})

describe('unique constraints memoise per node looked at, not per node of the cluster', () => {
  test('only the nodes checked are memoised, and the reasons are right', () => {
    const nodes = makeNodes(1000)
    const j = makeJob({ID: 'one', Constraints: [{LTarget: '${node.unique.id}', RTarget: nodes[7]!.ID, Operand: '='}]}, [{Name: 'g', Count: 1}])
    const snap: Snapshot = {jobs: {one: j}, nodes, allocs: [], deployments: []}
    const ctx = newEvalContext(stateOf(snap), j, 'e', 0, createRng('x'), idGen('a'))
    const p = buildGroupPlacer(j, j.TaskGroups[0]!)
    expect(p.escaped).toBe(true)
    expect(staticReason(ctx, GENERIC_STACK.staticStages, p, null, 7)).toBeNull()
    expect(staticReason(ctx, GENERIC_STACK.staticStages, p, null, 8)).toBe(`\${node.unique.id} = ${nodes[7]!.ID}`)
    expect(p.nodeMemo.size).toBe(2)
    expect(p.memo).toHaveLength(0)
    const plan = schedule(snap, makeEval(j, 'e1'), {now: 0, newId: idGen('a')})
    expect(Object.keys(plan.NodeAllocation)).toEqual([nodes[7]!.ID])
  })
})

describe('simulate hands each placement its node index', () => {
  test('per-node tallies match the placements', () => {
    const r = simulate({nodes: makeNodes(50), jobs: [job('a', 40), job('b', 30)], seed: 's'})
    expect(r.placements).toBe(70)
    expect(r.failures).toBe(0)
    expect(r.spread.nodesUsed).toBeGreaterThan(1)
  })
})

/** Fisher–Yates drawn front to back with a Map of moved positions (the reference). */
function referenceOrder(n: number, rng: Rng, k: number): number[] {
  const moved = new Map<number, number>()
  const out: number[] = []
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i))
    const vi = moved.get(i) ?? i
    out.push(moved.get(j) ?? j)
    moved.set(j, vi)
  }
  return out
}

test('sfc32 draws are the same words as before its state moved into an Int32Array', () => {
  const r = createRng('zdev')
  expect(Array.from({length: 4}, () => Math.round(r() * 4294967296))).toEqual([2414663651, 2602992419, 4167510201, 4233724258])
})

describe('the lazy shuffle', () => {
  test('property: its draws are the reference Fisher–Yates order, and all n of them a permutation', () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 3000}), fc.string(), fc.integer({min: 0, max: 400}), (n, seed, k) => {
        const lazy = new LazyShuffle(n, createRng(seed))
        const m = Math.min(n, k)
        const got = Array.from({length: m}, (_, v) => lazy.at(v))
        expect(got).toEqual(referenceOrder(n, createRng(seed), m))
        if (n <= 500) {
          const all = Array.from({length: n}, (_, v) => lazy.at(v))
          expect(all.slice().sort((a, b) => a - b)).toEqual(Array.from({length: n}, (_, v) => v))
        }
      }),
      {numRuns: 200},
    )
  })

  test('property: shuffles drawn in turn (sharing the moved-positions table) each give the reference order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({min: 1, max: 5000}), fc.string()), {minLength: 1, maxLength: 4}), fc.array(fc.tuple(fc.nat(), fc.integer({min: 1, max: 60})), {maxLength: 40}), (specs, turns) => {
        const lazies = specs.map(([n, seed]) => new LazyShuffle(n, createRng(seed)))
        const drawn = specs.map(() => 0)
        for (const [w, k] of turns) {
          const q = w % specs.length
          drawn[q] = Math.min(specs[q]![0], drawn[q]! + k)
          lazies[q]!.at(drawn[q]! - 1)
        }
        specs.forEach(([n, seed], q) => {
          const m = Math.min(n, drawn[q]! + 5)
          expect(Array.from({length: m}, (_, v) => lazies[q]!.at(v))).toEqual(referenceOrder(n, createRng(seed), m))
        })
      }),
      {numRuns: 200},
    )
  })

  test('property: shuffles made while others are released (reusing their tables) each give the reference order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({min: 1, max: 50_000}), fc.string(), fc.integer({min: 0, max: 300}), fc.integer({min: 0, max: 400}), fc.boolean()), {minLength: 1, maxLength: 12}), (specs) => {
        const live: {lazy: LazyShuffle; n: number; seed: string; m: number}[] = []
        for (const [n, seed, expected, k, release] of specs) {
          const lazy = new LazyShuffle(n, createRng(seed), expected)
          const m = Math.min(n, k)
          expect(Array.from({length: m}, (_, v) => lazy.at(v))).toEqual(referenceOrder(n, createRng(seed), m))
          if (release) lazy.release()
          else live.push({lazy, n, seed, m})
        }
        for (const {lazy, n, seed, m} of live) {
          const more = Math.min(n, m + 30)
          expect(Array.from({length: more}, (_, v) => lazy.at(v))).toEqual(referenceOrder(n, createRng(seed), more))
          lazy.release()
        }
      }),
      {numRuns: 200},
    )
  })

  test('a released shuffle still reads what it drew, and refuses to draw more', () => {
    const a = new LazyShuffle(1000, createRng('x'), 20)
    const first = Array.from({length: 10}, (_, v) => a.at(v))
    a.release()
    expect(Array.from({length: 10}, (_, v) => a.at(v))).toEqual(first)
    expect(() => a.at(10)).toThrow(/after release/)
  })

  test('asking out of order gives the same draws (later positions are drawn in sequence)', () => {
    const a = new LazyShuffle(50_000, createRng('x'))
    const b = new LazyShuffle(50_000, createRng('x'))
    const late = a.at(40)
    expect(Array.from({length: 41}, (_, v) => b.at(v))[40]).toBe(late)
    expect(Array.from({length: 41}, (_, v) => a.at(v))).toEqual(Array.from({length: 41}, (_, v) => b.at(v)))
  })
})
