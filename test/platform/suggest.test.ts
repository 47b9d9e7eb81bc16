import {describe, expect, test} from 'vitest'
import fc from 'fast-check'
import {levenshtein, suggestNearest} from '../../src/platform/suggest.js'
import {TOP_KEYS} from '../../src/platform/load.js'

describe('suggestNearest', () => {
  test.each([
    ['nodse', 'nodes'],
    ['node', 'nodes'],
    ['proxy', 'proxies'],
    ['servres', 'servers'],
    ['nmae', 'name'],
    ['kvv', 'kv'],
    ['runtim', 'runtime'],
    ['banana', undefined],
    ['x', undefined],
  ])('%s → %s', (typo, want) => {
    expect(suggestNearest(typo, TOP_KEYS)).toBe(want)
  })

  test('levenshtein is a metric on small strings', () => {
    const s = fc.string({maxLength: 8})
    fc.assert(
      fc.property(s, s, s, (a, b, c) => {
        expect(levenshtein(a, a)).toBe(0)
        expect(levenshtein(a, b)).toBe(levenshtein(b, a))
        expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c))
        expect(levenshtein(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length))
      }),
    )
  })

  test('a valid key with one character changed is always found again', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TOP_KEYS.filter((k) => k.length > 3)), fc.nat(), fc.constantFrom('q', 'z'), (key, i, ch) => {
        const at = i % key.length
        const typo = key.slice(0, at) + ch + key.slice(at + 1)
        expect(suggestNearest(typo, TOP_KEYS)).toBe(key)
      }),
    )
  })
})
