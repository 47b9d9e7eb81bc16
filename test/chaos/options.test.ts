import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parseFaultKinds} from '../../src/chaos/kinds.js'
import {parseChaosOptions, parseScenarioFlags, type RawChaosFlags} from '../../src/chaos/options.js'
import {parseMs} from '../../src/chaos/duration.js'
import {FAULT_KINDS} from '../../src/chaos/types.js'

const raw = (over: Partial<RawChaosFlags> = {}): RawChaosFlags => ({duration: '60s', faults: 'etcd,server,node,proxy,task', rate: 50, concurrency: 4, minAvailability: 99.9, maxRecovery: '5s', ...over})
const msg = (f: () => unknown) => {
  try {
    f()
  } catch (err) {
    return (err as Error).message
  }
  return 'no error'
}

describe('chaos flags', () => {
  test('defaults parse into bounded options', () => {
    expect(parseChaosOptions(raw(), 7)).toEqual({durationMs: 60_000, kinds: ['etcd', 'server', 'node', 'proxy', 'task'], seed: 7, rate: 50, concurrency: 4, minAvailability: 99.9, maxRecoveryMs: 5000})
    expect(parseChaosOptions(raw({seed: 0}), 7).seed).toBe(0)
  })

  test.each([
    ['a duration over the bound', {duration: '11m'}, '--duration: 11m is outside the bound 5.0s..10m0s'],
    ['a duration under the bound', {duration: '1s'}, '--duration: 1s is outside the bound 5.0s..10m0s'],
    ['a duration without a unit', {duration: '60'}, '--duration: "60" is not a duration; write it as 60s, 1m30s or 500ms'],
    ['a duration that is not one', {duration: 'soon'}, '--duration: "soon" is not a duration; write it as 60s, 1m30s or 500ms'],
    ['an unknown fault kind', {faults: 'etcd,nodes'}, '--faults: "nodes" is not a fault kind; did you mean "node"? (kinds: etcd, server, node, proxy, task)'],
    ['a kind far from any', {faults: 'dns'}, '--faults: "dns" is not a fault kind (kinds: etcd, server, node, proxy, task)'],
    ['no kind at all', {faults: ' , '}, '--faults: no fault kind given; use one or more of etcd, server, node, proxy, task, comma-separated'],
    ['a rate of zero', {rate: 0}, '--rate: 0 is outside the bound 1..1000'],
    ['too many workers', {concurrency: 65}, '--concurrency: 65 is outside the bound 1..64'],
    ['availability over 100', {minAvailability: 101}, '--min-availability: 101 is not a percentage in 0..100'],
    ['a recovery bound too small', {maxRecovery: '10ms'}, '--max-recovery: 10ms is outside the bound 100ms..10m0s'],
    ['a negative seed', {seed: -1}, '--seed: -1 is not a whole number in 0..4294967295'],
  ])('%s is refused word for word', (_d, over, text) => {
    expect(msg(() => parseChaosOptions(raw(over as Partial<RawChaosFlags>), 1))).toBe(text)
  })

  test('fault kinds keep their order, drop duplicates and ignore case', () => {
    expect(parseFaultKinds('Node, etcd,node')).toEqual(['node', 'etcd'])
  })

  test('property: any non-empty subset of kinds round-trips; any other word is refused', () => {
    fc.assert(fc.property(fc.subarray([...FAULT_KINDS], {minLength: 1}), (ks) => {
      expect(parseFaultKinds(ks.join(','))).toEqual(ks)
    }))
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,8}$/).filter((w) => !(FAULT_KINDS as readonly string[]).includes(w)), (w) => {
      expect(() => parseFaultKinds(w)).toThrow(/is not a fault kind/)
    }))
  })

  test('property: durations in range are accepted as their milliseconds', () => {
    fc.assert(fc.property(fc.integer({min: 5, max: 600}), (s) => {
      expect(parseChaosOptions(raw({duration: `${s}s`}), 1).durationMs).toBe(s * 1000)
    }))
    expect(parseMs('1m30s')).toBe(90_000)
    expect(parseMs('250ms')).toBe(250)
  })
})

describe('parseScenarioFlags: thresholds only where given, the same bounds as a random run', () => {
  test('no threshold flags: the scenario\'s expects are the only judges', () => {
    expect(parseScenarioFlags({rate: 40, concurrency: 4})).toEqual({rate: 40, concurrency: 4, thresholds: {}})
  })
  test('given thresholds are checked and kept', () => {
    expect(parseScenarioFlags({rate: 40, concurrency: 4, minAvailability: 99, maxRecovery: '3s'})).toEqual({rate: 40, concurrency: 4, thresholds: {minAvailability: 99, maxRecoveryMs: 3000}})
  })
  test.each([
    ['availability NaN (not a number on the command line)', {minAvailability: Number.NaN}, '--min-availability: NaN is not a percentage in 0..100'],
    ['rate over its bound', {rate: 5000}, '--rate: 5000 is outside the bound 1..1000'],
    ['concurrency zero', {concurrency: 0}, '--concurrency: 0 is outside the bound 1..64'],
    ['recovery not a duration', {maxRecovery: 'soon'}, '--max-recovery: "soon" is not a duration; write it as 60s, 1m30s or 500ms'],
  ])('%s', (_name, over, expected) => {
    expect(msg(() => parseScenarioFlags({rate: 40, concurrency: 4, ...over}))).toBe(expected)
  })
})
