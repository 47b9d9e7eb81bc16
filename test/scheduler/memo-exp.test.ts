// The binpack scorer's e^x memo gives Math.exp's value bit for bit, whatever came before it.
import fc from 'fast-check'
import {expect, test} from 'vitest'
import {memoExp} from '../../src/scheduler/scorers.js'

const arg = fc.oneof(fc.double({noNaN: false}), fc.double({min: 0, max: Math.LN10}), fc.integer({min: 0, max: 8000}).map((u) => (1 - u / 8000) * Math.LN10))

test('property: memoExp(x) is Math.exp(x) for any sequence of arguments (colliding slots included)', () => {
  fc.assert(
    fc.property(fc.array(arg, {minLength: 1, maxLength: 300}), (xs) => {
      for (const x of [...xs, ...xs.slice().reverse()]) expect(Object.is(memoExp(x), Math.exp(x))).toBe(true)
    }),
    {numRuns: 300},
  )
})

test('0 and -0, NaN and the infinities', () => {
  for (const x of [0, -0, NaN, Infinity, -Infinity, 0, NaN]) expect(Object.is(memoExp(x), Math.exp(x))).toBe(true)
})
