import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {barCells, fit, fitEnd, formatBytes, formatClock, formatRate} from '../../../src/ui/dashboard/format.js'

describe('fit', () => {
  test.each([
    {desc: 'pads a short text', text: 'ab', width: 4, out: 'ab  '},
    {desc: 'keeps an exact text', text: 'abcd', width: 4, out: 'abcd'},
    {desc: 'cuts a long text with an ellipsis', text: 'abcdef', width: 4, out: 'abc…'},
    {desc: 'width 1 is only the ellipsis', text: 'abc', width: 1, out: '…'},
    {desc: 'width 0 is empty', text: 'abc', width: 0, out: ''},
  ])('$desc', ({text, width, out}) => expect(fit(text, width)).toBe(out))

  test('fitEnd right-aligns', () => expect(fitEnd('42', 5)).toBe('   42'))

  test('always yields exactly the width', () => {
    fc.assert(fc.property(fc.string(), fc.integer({min: 0, max: 200}), (s, w) => fit(s, w).length === w && fitEnd(s, w).length === w))
  })
})

describe('formatBytes', () => {
  test.each([
    {bytes: 512, out: '512B'},
    {bytes: 2048, out: '2.0KB'},
    {bytes: 2_200_000, out: '2.1MB'},
    {bytes: 300 * 1024 * 1024, out: '300MB'},
    {bytes: 5 * 1024 ** 3, out: '5.0GB'},
  ])('$bytes → $out', ({bytes, out}) => expect(formatBytes(bytes)).toBe(out))
})

describe('formatClock', () => {
  test('UTC by default', () => expect(formatClock(Date.UTC(2026, 0, 1, 9, 5, 7))).toBe('09:05:07'))
  test('shifted by the viewer offset', () => expect(formatClock(Date.UTC(2026, 0, 1, 23, 30, 0), 90)).toBe('01:00:00'))
})

describe('formatRate', () => {
  test.each([
    {rate: 0, out: '0.0/s'},
    {rate: 12.54, out: '12.5/s'},
    {rate: 250.4, out: '250/s'},
    {rate: 4200, out: '4.2k/s'},
  ])('$rate → $out', ({rate, out}) => expect(formatRate(rate)).toBe(out))
})

describe('barCells', () => {
  test.each([
    {desc: 'empty', used: 0, cap: 100, w: 10, filled: 0},
    {desc: 'any use shows one cell', used: 1, cap: 100, w: 10, filled: 1},
    {desc: 'half', used: 50, cap: 100, w: 10, filled: 5},
    {desc: 'over capacity is full', used: 150, cap: 100, w: 10, filled: 10},
    {desc: 'no capacity but used is full', used: 5, cap: 0, w: 10, filled: 10},
  ])('$desc', ({used, cap, w, filled}) => {
    const b = barCells(used, cap, w)
    expect(b.filled).toBe(filled)
    expect(b.filled + b.empty).toBe(w)
  })
})
