import {describe, expect, test} from 'vitest'
import {checkTimeZone, nextCronTime, parseCron} from '../../src/lib/cron/index.js'

// time_zone: fields match the zone's wall clock. The America/Los_Angeles table is Nomad's own
// (nomad/structs TestPeriodicConfig_DSTChange_Transitions): a time skipped when clocks spring
// forward does not fire that day; a time in the repeated hour when they fall back fires twice.

const LA = 'America/Los_Angeles'

function chain(spec: string, from: string, zone: string, n: number): string[] {
  const e = parseCron(spec)
  const out: string[] = []
  let t = Date.parse(from)
  for (let i = 0; i < n; i++) {
    const next = nextCronTime(e, t, zone)
    if (next === null) break
    out.push(new Date(next).toISOString())
    t = next
  }
  return out
}

const iso = (s: string) => new Date(s).toISOString()

describe("Nomad's DST table (America/Los_Angeles, 2019)", () => {
  test.each([
    ['normal time', '0 2 * * * 2019', '2019-02-07T01:00-08:00', ['2019-02-07T02:00-08:00', '2019-02-08T02:00-08:00', '2019-02-09T02:00-08:00']],
    ['spring forward, not in the switch time', '0 4 * * * 2019', '2019-03-09T01:00-08:00', ['2019-03-09T04:00-08:00', '2019-03-10T04:00-07:00', '2019-03-11T04:00-07:00']],
    ['spring forward at a skipped time (odd)', '2 2 * * * 2019', '2019-03-09T01:00-08:00', ['2019-03-09T02:02-08:00', '2019-03-11T02:02-07:00', '2019-03-12T02:02-07:00']],
    ['spring forward at a skipped time', '1 2 * * * 2019', '2019-03-09T01:00-08:00', ['2019-03-09T02:01-08:00', '2019-03-11T02:01-07:00', '2019-03-12T02:01-07:00']],
    ['spring forward at the skipped boundary', '0 2 * * * 2019', '2019-03-09T01:00-08:00', ['2019-03-09T02:00-08:00', '2019-03-11T02:00-07:00', '2019-03-12T02:00-07:00']],
    ['spring forward at 1am', '0 1 * * * 2019', '2019-03-09T00:00-08:00', ['2019-03-09T01:00-08:00', '2019-03-10T01:00-08:00', '2019-03-11T01:00-07:00', '2019-03-12T01:00-07:00']],
    ['fall back: before the transition', '30 0 * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T00:30-07:00', '2019-11-04T00:30-08:00', '2019-11-05T00:30-08:00', '2019-11-06T00:30-08:00']],
    ['fall back: after the transition', '30 3 * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T03:30-08:00', '2019-11-04T03:30-08:00', '2019-11-05T03:30-08:00', '2019-11-06T03:30-08:00']],
    ['fall back: after, starting in the first repeated hour', '30 3 * * * 2019', '2019-11-03T01:10-07:00', ['2019-11-03T03:30-08:00', '2019-11-04T03:30-08:00']],
    ['fall back: after, starting in the second repeated hour', '30 3 * * * 2019', '2019-11-03T01:10-08:00', ['2019-11-03T03:30-08:00', '2019-11-04T03:30-08:00']],
    ['fall back: in the repeated hour fires twice', '30 1 * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T01:30-07:00', '2019-11-03T01:30-08:00', '2019-11-04T01:30-08:00', '2019-11-05T01:30-08:00', '2019-11-06T01:30-08:00']],
    ['fall back: repeated-hour boundary', '0 1 * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T01:00-07:00', '2019-11-03T01:00-08:00', '2019-11-04T01:00-08:00', '2019-11-05T01:00-08:00', '2019-11-06T01:00-08:00']],
    ['fall back: 2am comes once', '0 2 * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T02:00-08:00', '2019-11-04T02:00-08:00', '2019-11-05T02:00-08:00', '2019-11-06T02:00-08:00']],
    ['fall back: starting inside the first repeated hour', '30 1 * * * 2019', '2019-11-03T01:40-07:00', ['2019-11-03T01:30-08:00', '2019-11-04T01:30-08:00', '2019-11-05T01:30-08:00', '2019-11-06T01:30-08:00']],
    ['fall back: starting inside the second repeated hour', '30 1 * * * 2019', '2019-11-03T01:40-08:00', ['2019-11-04T01:30-08:00', '2019-11-05T01:30-08:00', '2019-11-06T01:30-08:00']],
    ['fall back: hourly wildcard', '30 * * * * 2019', '2019-11-03T00:00-07:00', ['2019-11-03T00:30-07:00', '2019-11-03T01:30-07:00', '2019-11-03T01:30-08:00', '2019-11-03T02:30-08:00']],
  ])('%s', (_d, spec, from, want) => {
    expect(chain(spec, from, LA, want.length)).toEqual(want.map(iso))
  })

  test("Nomad's property: every minute across the changes, next is after start, never earlier than a known next, and 1 minute away for * * * * *", () => {
    const starts = ['2019-03-10T00:00-08:00', '2019-03-11T00:00-07:00', '2019-11-03T00:00-07:00', '2019-11-04T00:00-08:00']
    for (const spec of ['* * * * *', '0 2 * * *', '* 1 * * *']) {
      const e = parseCron(spec)
      for (const s of starts) {
        const init = Date.parse(s)
        let lastNext = init
        for (let start = init; start < init + 4 * 3_600_000; start += 60_000) {
          const n = nextCronTime(e, start, LA)!
          expect(n).toBeGreaterThan(start)
          if (start < lastNext) expect(n).toBe(lastNext)
          if (spec === '* * * * *') expect(n - start).toBe(60_000)
          lastNext = n
        }
      }
    }
  })
})

describe('other zones', () => {
  test.each([
    ['UTC+05:30, no DST', '0 9 * * *', 'Asia/Kolkata', '2026-06-01T00:00:00Z', ['2026-06-01T03:30:00.000Z', '2026-06-02T03:30:00.000Z']],
    ['southern spring forward (Sydney, 4 Oct 2026): 2:30 is skipped', '30 2 * * *', 'Australia/Sydney', '2026-10-02T12:00:00Z', ['2026-10-02T16:30:00.000Z', '2026-10-04T15:30:00.000Z']],
    ['Berlin autumn: 2:30 runs twice on 25 Oct 2026', '30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    ['New York @daily across spring forward', '@daily', 'America/New_York', '2026-03-07T12:00:00Z', ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']],
    ['half-hour DST shift (Lord Howe, 5 Apr 2026): 1:45 runs twice', '45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T12:00:00Z', ['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z', '2026-04-05T15:15:00.000Z']],
    ['a far-future year in a DST zone', '0 9 1 7 * 2091', 'America/New_York', '2026-01-01T00:00:00Z', ['2091-07-01T13:00:00.000Z']],
    ['"Local" and "" resolve (UTC here means the same instant)', '0 0 1 1 *', '', '2026-05-01T00:00:00Z', ['2027-01-01T00:00:00.000Z']],
  ])('%s', (_d, spec, zone, from, want) => {
    expect(chain(spec, from, zone, want.length)).toEqual(want)
  })

  test('time zone names are checked', () => {
    expect(checkTimeZone('America/New_York')).toBeUndefined()
    expect(checkTimeZone('UTC')).toBeUndefined()
    expect(checkTimeZone('Local')).toBeUndefined()
    expect(checkTimeZone(undefined)).toBeUndefined()
    expect(checkTimeZone('Mars/Olympus_Mons')).toBe('unknown time zone "Mars/Olympus_Mons"; use an IANA name such as "America/New_York" or "UTC"')
  })
})
