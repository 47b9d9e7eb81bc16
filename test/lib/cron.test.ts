import {describe, expect, test} from 'vitest'
import fc from 'fast-check'
import {CronError, nextCronTime, parseCron} from '../../src/lib/cron.js'

const at = (iso: string) => Date.parse(iso)
const next = (spec: string, iso: string) => {
  const t = nextCronTime(parseCron(spec), at(iso))
  return t === null ? null : new Date(t).toISOString()
}

describe('nextCronTime', () => {
  test.each([
    ['every minute', '* * * * *', '2026-11-23T10:00:30Z', '2026-11-23T10:01:00.000Z'],
    ['every 15 minutes', '*/15 * * * *', '2026-11-23T10:01:00Z', '2026-11-23T10:15:00.000Z'],
    ['strictly after an exact match', '*/15 * * * *', '2026-11-23T10:15:00Z', '2026-11-23T10:30:00.000Z'],
    ['daily macro', '@daily', '2026-11-23T10:00:00Z', '2026-11-24T00:00:00.000Z'],
    ['hourly macro', '@hourly', '2026-11-23T10:59:59Z', '2026-11-23T11:00:00.000Z'],
    ['weekday names', '0 9 * * MON-FRI', '2026-11-28T10:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['month names', '0 0 1 JAN *', '2026-11-23T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['seconds field (7 fields)', '*/10 * * * * * *', '2026-11-23T10:00:01Z', '2026-11-23T10:00:10.000Z'],
    ['year field (6 fields)', '0 0 1 1 * 2030', '2026-11-23T00:00:00Z', '2030-01-01T00:00:00.000Z'],
    ['dom or dow when both restricted', '0 0 13 * 5', '2026-11-01T00:00:00Z', '2026-11-06T00:00:00.000Z'],
    ['list and range', '5,10-11 3 * * *', '2026-11-23T03:06:00Z', '2026-11-23T03:10:00.000Z'],
    ['sunday as 7', '0 0 * * 7', '2026-11-23T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['31st skips short months', '0 0 31 * *', '2026-11-01T00:00:00Z', '2026-12-31T00:00:00.000Z'],
  ])('%s', (_d, spec, from, want) => {
    expect(next(spec, from)).toBe(want)
  })

  test('a date that never comes gives null', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeNull()
  })

  test.each([
    ['too few fields', '* * *', 'expected 5 to 7 fields, found 3'],
    ['minute out of range', '60 * * * *', 'minute value 60 is out of range 0-59'],
    ['bad name', '0 0 * FOO *', 'invalid month value "FOO"'],
    ['bad step', '*/0 * * * *', 'invalid step "0" in minute'],
    ['reversed range', '0 5-2 * * *', 'invalid range "5-2" in hour'],
  ])('rejects %s', (_d, spec, msg) => {
    expect(() => parseCron(spec)).toThrow(CronError)
    expect(() => parseCron(spec)).toThrow(msg)
  })

  test('property: the next time matches, is later, and nothing matches in between (minute specs)', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 59}),
        fc.integer({min: 0, max: 23}),
        fc.integer({min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01')}),
        (step, hour, from) => {
          const s = parseCron(`*/${step} ${hour} * * *`)
          const t = nextCronTime(s, from)!
          expect(t).toBeGreaterThan(from)
          const d = new Date(t)
          expect(d.getUTCHours()).toBe(hour)
          expect(d.getUTCMinutes() % step).toBe(0)
          // brute force: no whole minute strictly between `from` and t matches
          for (let m = Math.floor(from / 60_000) * 60_000 + 60_000; m < t; m += 60_000) {
            const x = new Date(m)
            expect(x.getUTCHours() === hour && x.getUTCMinutes() % step === 0).toBe(false)
          }
        },
      ),
      {numRuns: 200},
    )
  })
})
