import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {judgeExpectation} from '../../src/chaos/expect.js'
import {compareInventories} from '../../src/chaos/inventory.js'
import {buildReport, type ReportInput} from '../../src/chaos/report.js'
import {esc, renderJunit} from '../../src/chaos/render-junit.js'
import {renderReport} from '../../src/chaos/render-text.js'
import {loadFigures, percentile} from '../../src/chaos/stats.js'
import type {FaultEvent, Inventory, Sample} from '../../src/chaos/types.js'

const T0 = 1_700_000_000_000
const inv: Inventory = {jobs: {whoami: 0}, running: {'whoami/whoami': 3}, kvKeys: ['/zdev/c/jobs/whoami', '/zdev/c/data/count']}
// one request every 10 ms for 10 s; requests fail from 3.0 s to 3.5 s (a proxy gone)
const samples: Sample[] = Array.from({length: 1000}, (_, i) => {
  const t = T0 + i * 10
  const bad = t >= T0 + 3000 && t < T0 + 3500
  return {t, ms: 1 + (i % 10), ok: !bad, what: bad ? 'ECONNREFUSED' : '200'}
})
const proxyKill: FaultEvent = {id: 'fault 1', kind: 'proxy', action: 'kill', target: 'proxy-1', injectedAt: T0 + 3000, detectedAt: T0 + 3100, recoveredAt: T0 + 3600}
const nodeKill: FaultEvent = {id: 'fault 2', kind: 'node', action: 'kill', target: 'node-2', injectedAt: T0 + 5000, detectedAt: T0 + 6000, recoveredAt: T0 + 9000}
const input = (over: Partial<ReportInput> = {}): ReportInput => ({mode: 'random', cluster: 'c', seed: 9, runStart: T0, runEnd: T0 + 10_000, samples, events: [nodeKill, proxyKill], before: inv, after: inv, thresholds: {minAvailability: 90, maxRecoveryMs: 5000}, ...over})

describe('chaos report', () => {
  test('per fault: detect and recover times and the requests failed while it lasted', () => {
    const r = buildReport(input())
    expect(r.faults.map((f) => [f.id, f.atMs, f.detectMs, f.recoverMs, f.requests, f.failedRequests, f.passed])).toEqual([
      ['fault 1', 3000, 100, 600, 60, 50, true],
      ['fault 2', 5000, 1000, 4000, 400, 0, true],
    ])
    expect(r.load).toEqual({requests: 1000, ok: 950, failed: 50, availability: 95, p50Ms: 5, p99Ms: 10, ratePerSec: 100})
    expect(r.passed).toBe(true)
    expect(r.failures).toEqual([])
    expect(r.startedAt).toBe(new Date(T0).toISOString())
  })

  test('thresholds fail naming the fault and why', () => {
    const r = buildReport(input({thresholds: {minAvailability: 99.9, maxRecoveryMs: 3000}, events: [proxyKill, {...nodeKill, recoveredAt: null}]}))
    expect(r.passed).toBe(false)
    expect(r.failures).toEqual([
      'fault 2 kill node-2: not routed and healthy again by the end of the run (5.0s after the fault)',
      'availability: 95% is below --min-availability 99.9% (50 of 1000 requests failed)',
    ])
    const slow = buildReport(input({thresholds: {maxRecoveryMs: 3000}}))
    expect(slow.failures).toEqual(['fault 2 kill node-2: recovered after 4.0s, above --max-recovery 3.0s (0 requests failed meanwhile)'])
  })

  test('lost jobs, allocations and keys are failures', () => {
    const after: Inventory = {jobs: {}, running: {'whoami/whoami': 2}, kvKeys: ['/zdev/c/data/count']}
    expect(compareInventories(inv, after)).toEqual({jobs: ['whoami'], allocations: ['whoami/whoami: 3 running before, 2 after'], kvKeys: ['/zdev/c/jobs/whoami']})
    const r = buildReport(input({after}))
    expect(r.passed).toBe(false)
    expect(r.failures).toEqual(['data: jobs lost: whoami', 'data: allocations lost: whoami/whoami: 3 running before, 2 after', 'data: 1 KV key(s) lost: /zdev/c/jobs/whoami'])
  })

  test('no load at all is a failure, not 100%', () => {
    const r = buildReport(input({samples: [], events: []}))
    expect(r.load.availability).toBeNull()
    expect(r.failures).toEqual(['load: no request was sent (no routed service answered)'])
  })

  test('an expectation that cannot hold says which numbers broke it', () => {
    expect(judgeExpectation({failedRequests: 0}, samples, [], T0, T0 + 8000)).toEqual(['expected at most 0 failed requests, 50 of 800 failed between 0s and 8.0s (first at 3.0s: ECONNREFUSED)'])
    expect(judgeExpectation({failedRequests: 0}, samples, [], T0, T0 + 2000)).toEqual([])
    expect(judgeExpectation({minAvailability: 99}, samples, [], T0, T0 + 8000)).toEqual(['expected availability ≥ 99%, got 93.75% (50 of 800 failed between 0s and 8.0s)'])
    expect(judgeExpectation({maxRecoveryMs: 2000}, samples, [proxyKill, {...nodeKill, line: 7, id: 'step 2'}], T0, T0 + 8000)).toEqual(['expected every fault to recover within 2.0s, kill node-2 (step 2, line 7) had not recovered after 3.0s'])
  })

  test('JUnit: one case per fault, failures carry the reason, text is escaped', () => {
    const r = buildReport(input({thresholds: {maxRecoveryMs: 3000}, events: [{...proxyKill, target: 'proxy-<1>&'}, nodeKill]}))
    const xml = renderJunit(r)
    expect(xml).toContain('<testsuites name="zdev chaos" tests="4" failures="1"')
    expect(xml).toContain('<testcase classname="zdev.chaos.proxy" name="fault 1: kill proxy-&lt;1&gt;&amp;" time="0.600"/>')
    expect(xml).toContain('<failure message="recovered after 4.0s, above --max-recovery 3.0s (0 requests failed meanwhile)">')
    expect(xml.match(/<testcase /g)!.length).toBe(4)
  })

  test('text report ends with the verdict', () => {
    const lines = renderReport(buildReport(input()))
    expect(lines[0]).toBe('chaos on c (seed 9, 10.0s)')
    expect(lines.at(-1)).toBe('verdict: PASS')
    expect(lines).toContain('load: 1000 requests (100/s), 50 failed, availability 95%, p50 5 ms, p99 10 ms')
  })

  test('property: percentile is an element, monotone in q, and bounded by min/max', () => {
    fc.assert(fc.property(fc.array(fc.double({min: 0, max: 1e6, noNaN: true}), {minLength: 1}), fc.double({min: 0, max: 1, noNaN: true}), fc.double({min: 0, max: 1, noNaN: true}), (xs, a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a]
      const p = percentile(xs, lo)!
      expect(xs).toContain(p)
      expect(p).toBeLessThanOrEqual(percentile(xs, hi)!)
      expect(percentile(xs, 1)).toBe(Math.max(...xs))
    }))
  })

  test('property: per-fault windows never count more than the whole; ok + failed = requests', () => {
    const sample = fc.record({t: fc.integer({min: T0, max: T0 + 9999}), ms: fc.integer({min: 0, max: 100}), ok: fc.boolean(), what: fc.constant('x')})
    const ev = fc.record({at: fc.integer({min: 0, max: 9000}), len: fc.option(fc.integer({min: 1, max: 3000}), {nil: null})})
    fc.assert(fc.property(fc.array(sample), fc.array(ev, {maxLength: 5}), (ss, evs) => {
      const events: FaultEvent[] = evs.map((e, i) => ({id: `fault ${i + 1}`, kind: 'node', action: 'kill', target: 'node-1', injectedAt: T0 + e.at, detectedAt: null, recoveredAt: e.len === null ? null : T0 + e.at + e.len}))
      const r = buildReport(input({samples: ss, events}))
      const all = loadFigures(ss)
      expect(r.load.ok + r.load.failed).toBe(r.load.requests)
      expect(r.load.requests).toBe(ss.length)
      for (const f of r.faults) {
        expect(f.failedRequests).toBeLessThanOrEqual(all.failed)
        expect(f.requests).toBeLessThanOrEqual(all.requests)
      }
    }))
  })

  test('XML escaping leaves no raw markup characters', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(esc(s)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/)
    }))
  })
})
