import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {nextCronTime, parseCron} from '../../src/lib/cron/index.js'

// Properties of next(): later than the start, monotone, nothing matching is skipped, and the
// result's wall clock (read with Intl, independently of the module) matches its own fields.

const ZONES = ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'Australia/Lord_Howe']

const formats = new Map(ZONES.map((z) => [z, new Intl.DateTimeFormat('en-US', {timeZone: z, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short'})]))

function wallOf(t: number, zone: string) {
  const parts = formats.get(zone)!.formatToParts(t)
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]))
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!)
  return {y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second), wd}
}

/** Specs built from parts whose meaning is easy to restate: a set per field. */
// Values in min..max; a step (star-slash-k) covers the whole field, min..fieldMax, as cron reads it.
const part = (min: number, max: number, fieldMax = max) =>
  fc.oneof(
    fc.constant({text: '*', set: null as number[] | null}),
    fc.integer({min, max}).map((v) => ({text: String(v), set: [v]})),
    fc.integer({min: 1, max: Math.min(max, 20)}).map((k) => ({text: `*/${k}`, set: Array.from({length: fieldMax - min + 1}, (_, i) => i + min).filter((v) => (v - min) % k === 0)})),
    fc.tuple(fc.integer({min, max}), fc.integer({min, max})).map(([a, b]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      return {text: `${lo}-${hi}`, set: Array.from({length: hi - lo + 1}, (_, i) => i + lo)}
    }),
  )

const spec = fc.record({minute: part(0, 59), hour: part(0, 23), dom: part(1, 28, 31), month: part(1, 12), dow: part(0, 6)})
const start = fc.integer({min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01')})
const zone = fc.constantFrom(...ZONES)

describe('next() properties', () => {
  test('next(t) > t, its wall clock matches every field, next(next(t)) > next(t), and any t\' in [t, next) gives the same next', () => {
    fc.assert(
      fc.property(spec, start, zone, fc.double({min: 0, max: 1, noNaN: true}), (s, t, z, frac) => {
        const text = `${s.minute.text} ${s.hour.text} ${s.dom.text} ${s.month.text} ${s.dow.text}`
        const e = parseCron(text)
        const n = nextCronTime(e, t, z)
        if (n === null) return
        expect(n).toBeGreaterThan(t)
        const w = wallOf(n, z)
        const has = (set: number[] | null, v: number) => set === null || set.includes(v)
        expect(w.s).toBe(0)
        expect(has(s.minute.set, w.mi)).toBe(true)
        expect(has(s.hour.set, w.h)).toBe(true)
        expect(has(s.month.set, w.mo)).toBe(true)
        const domOk = has(s.dom.set, w.d)
        const dowOk = has(s.dow.set, w.wd)
        // cron(5): with both day fields restricted, either may match
        expect(s.dom.set && s.dow.set ? domOk || dowOk : domOk && dowOk).toBe(true)
        const n2 = nextCronTime(e, n, z)
        if (n2 !== null) expect(n2).toBeGreaterThan(n)
        const mid = t + Math.floor((n - t) * frac)
        if (mid < n) expect(nextCronTime(e, mid, z)).toBe(n)
      }),
      {numRuns: 300},
    )
  })

  test('nothing matching is skipped: a minute-by-minute walk finds the same next (dense specs, DST zones)', () => {
    fc.assert(
      fc.property(fc.record({minute: part(0, 59), hour: part(0, 23)}), fc.integer({min: Date.parse('2026-03-07'), max: Date.parse('2026-04-06')}), zone, (s, t, z) => {
        const e = parseCron(`${s.minute.text} ${s.hour.text} * * *`)
        const n = nextCronTime(e, t, z)!
        const has = (set: number[] | null, v: number) => set === null || set.includes(v)
        let walk = Math.floor(t / 60_000) * 60_000 + 60_000
        for (; walk < n; walk += 60_000) {
          const w = wallOf(walk, z)
          if (has(s.minute.set, w.mi) && has(s.hour.set, w.h)) break
        }
        expect(walk).toBe(n)
      }),
      {numRuns: 60},
    )
  })
})
