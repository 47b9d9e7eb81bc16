import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {seededRng, shuffled} from '../../src/chaos/prng.js'
import {buildSchedule, ROUND_MS, TAIL_FRACTION} from '../../src/chaos/schedule.js'
import {FAULT_KINDS, type FaultKind} from '../../src/chaos/types.js'

const kindsArb = fc.subarray([...FAULT_KINDS], {minLength: 1})
const seedArb = fc.integer({min: 0, max: 0xffffffff})
const durArb = fc.integer({min: 5000, max: 600_000})

describe('seeded fault schedule', () => {
  test('property: the generator is mulberry32 as published (replayable across machines)', () => {
    fc.assert(fc.property(seedArb, (seed) => {
      const r = seededRng(seed)
      expect([r.u32(), r.u32(), r.u32()]).toEqual([r2(seed, 0), r2(seed, 1), r2(seed, 2)])
    }))
    const r = seededRng(42)
    for (let i = 0; i < 1000; i++) {
      const x = r.next()
      expect(x >= 0 && x < 1).toBe(true)
    }
  })

  test('property: same seed → same schedule', () => {
    fc.assert(fc.property(seedArb, durArb, kindsArb, (seed, d, ks) => {
      expect(buildSchedule(seed, d, ks)).toEqual(buildSchedule(seed, d, ks))
    }))
  })

  test('property: every kind appears once per round, times sorted inside the run before its tail', () => {
    fc.assert(fc.property(seedArb, durArb, kindsArb, (seed, d, ks) => {
      const s = buildSchedule(seed, d, ks)
      const rounds = Math.max(1, Math.floor(d / ROUND_MS))
      expect(s.length).toBe(ks.length * rounds)
      for (const k of ks) expect(s.filter((f) => f.kind === k).length).toBe(rounds)
      for (let i = 1; i < s.length; i++) expect(s[i]!.atMs).toBeGreaterThanOrEqual(s[i - 1]!.atMs)
      for (const f of s) {
        expect(f.atMs).toBeGreaterThanOrEqual(0)
        expect(f.atMs).toBeLessThan(d * (1 - TAIL_FRACTION))
      }
    }))
  })

  test('property: tasks are only killed; pauses last 1–3 s', () => {
    fc.assert(fc.property(seedArb, durArb, kindsArb, (seed, d, ks) => {
      for (const f of buildSchedule(seed, d, ks)) {
        if (f.kind === 'task') expect(f.action).toBe('kill')
        if (f.action === 'pause') expect(f.pauseMs).toBeGreaterThanOrEqual(1000)
        if (f.action === 'pause') expect(f.pauseMs).toBeLessThanOrEqual(3000)
        if (f.action === 'kill') expect(f.pauseMs).toBeUndefined()
      }
    }))
  })

  test('different seeds give different orders or times (not a constant schedule)', () => {
    const all: FaultKind[] = [...FAULT_KINDS]
    const seen = new Set(Array.from({length: 20}, (_, s) => JSON.stringify(buildSchedule(s, 30_000, all))))
    expect(seen.size).toBe(20)
  })

  test('property: shuffled is a permutation', () => {
    fc.assert(fc.property(seedArb, fc.array(fc.integer()), (seed, xs) => {
      expect([...shuffled(xs, seededRng(seed))].sort()).toEqual([...xs].sort())
    }))
  })
})

// The reference: mulberry32 written out again from its published definition.
function r2(seed: number, n: number): number {
  let a = seed >>> 0
  let out = 0
  for (let i = 0; i <= n; i++) {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out = (t ^ (t >>> 14)) >>> 0
  }
  return out
}
