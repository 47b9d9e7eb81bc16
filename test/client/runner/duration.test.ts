import {expect, test} from 'vitest'
import {formatGoDuration} from '../../../src/client/runner/duration.js'

test.each([
  [0, '0s'],
  [15e9, '15s'],
  [1.5e9, '1.5s'],
  [250e6, '250ms'],
  [30 * 60e9, '30m0s'],
  [24 * 3600e9, '24h0m0s'],
  [3661e9, '1h1m1s'],
  [5e9 + 3e8, '5.3s'],
])('%d ns → %s', (ns, want) => {
  expect(formatGoDuration(ns)).toBe(want)
})
