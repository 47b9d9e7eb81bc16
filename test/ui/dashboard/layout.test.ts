import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {allocateRows, windowStart, type SectionNeed} from '../../../src/ui/dashboard/layout.js'

const need = (id: string, priority: number, want: number, focused = false): SectionNeed => ({id, priority, want, focused})

describe('allocateRows', () => {
  test.each([
    {
      desc: 'everything fits: each section gets what it wants',
      sections: [need('a', 1, 3), need('b', 2, 2)], budget: 20, out: {a: 3, b: 2},
    },
    {
      desc: 'the lowest priority section is hidden first',
      sections: [need('a', 1, 3), need('b', 2, 2), need('c', 3, 5)], budget: 5, out: {a: 2, b: 1, c: 0},
    },
    {
      desc: 'the focused section is kept even with the lowest priority',
      sections: [need('a', 1, 3), need('b', 2, 2), need('c', 3, 5, true)], budget: 4, out: {a: 1, b: 0, c: 1},
    },
    {
      desc: 'a greedy section is capped at 6 until the others had their share',
      sections: [need('a', 1, 50), need('b', 2, 4)], budget: 16, out: {a: 10, b: 4},
    },
    {desc: 'too little room shows nothing', sections: [need('a', 1, 3)], budget: 1, out: {a: 0}},
  ])('$desc', ({sections, budget, out}) => {
    expect(Object.fromEntries(allocateRows(sections, budget))).toEqual(out)
  })

  test('never uses more rows than the budget (titles included) and never more than wanted', () => {
    const arb = fc.array(fc.record({priority: fc.integer({min: 1, max: 6}), want: fc.integer({min: 1, max: 40}), focused: fc.boolean()}), {minLength: 1, maxLength: 7})
    fc.assert(
      fc.property(arb, fc.integer({min: 0, max: 80}), (raw, budget) => {
        const sections = raw.map((r, i) => ({...r, id: String(i)}))
        const rows = allocateRows(sections, budget)
        let used = 0
        for (const s of sections) {
          const h = rows.get(s.id)!
          if (h > 0) used += h + 1
          expect(h).toBeLessThanOrEqual(s.want)
        }
        expect(used).toBeLessThanOrEqual(budget)
      }),
    )
  })
})

describe('windowStart', () => {
  test.each([
    {desc: 'all fit', total: 3, height: 5, selected: 2, start: 0},
    {desc: 'selection inside the first page', total: 10, height: 4, selected: 3, start: 0},
    {desc: 'selection below the first page scrolls', total: 10, height: 4, selected: 6, start: 3},
    {desc: 'never past the end', total: 10, height: 4, selected: 9, start: 6},
  ])('$desc', ({total, height, selected, start}) => expect(windowStart(total, height, selected)).toBe(start))
})
