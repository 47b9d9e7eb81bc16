import {describe, expect, test} from 'vitest'
import {CronError, checkCron, nextCronTime, parseCron} from '../../src/lib/cron/index.js'

// Nomad's cron syntax (hashicorp/cronexpr, as `periodic { cron = … }` reads it), one case per
// syntax element, evaluated in UTC. Dates checked against a calendar.

const next = (spec: string, iso: string) => {
  const t = nextCronTime(parseCron(spec), Date.parse(iso))
  return t === null ? null : new Date(t).toISOString()
}

describe('next launch per syntax element (UTC)', () => {
  test.each([
    ['every minute', '* * * * *', '2026-11-23T10:00:30Z', '2026-11-23T10:01:00.000Z'],
    ['every 15 minutes', '*/15 * * * *', '2026-11-23T10:01:00Z', '2026-11-23T10:15:00.000Z'],
    ['strictly after an exact match', '*/15 * * * *', '2026-11-23T10:15:00Z', '2026-11-23T10:30:00.000Z'],
    ['sub-second start rounds up to the next second', '* * * * * * *', '2026-11-23T10:00:00.400Z', '2026-11-23T10:00:01.000Z'],
    ['value/step runs to the end of the field', '5/20 * * * *', '2026-11-23T10:26:00Z', '2026-11-23T10:45:00.000Z'],
    ['range/step', '10-30/10 * * * *', '2026-11-23T10:21:00Z', '2026-11-23T10:30:00.000Z'],
    ['list and range', '5,10-11 3 * * *', '2026-11-23T03:06:00Z', '2026-11-23T03:10:00.000Z'],
    ['leading zeros', '05 07 * * *', '2026-11-23T00:00:00Z', '2026-11-23T07:05:00.000Z'],
    ['@yearly', '@yearly', '2026-11-23T10:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['@annually', '@annually', '2026-11-23T10:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['@monthly', '@monthly', '2026-11-23T10:00:00Z', '2026-12-01T00:00:00.000Z'],
    ['@weekly (Sunday)', '@weekly', '2026-11-23T10:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['@daily', '@daily', '2026-11-23T10:00:00Z', '2026-11-24T00:00:00.000Z'],
    ['@hourly', '@hourly', '2026-11-23T10:59:59Z', '2026-11-23T11:00:00.000Z'],
    ['weekday names', '0 9 * * MON-FRI', '2026-11-28T10:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['full weekday names, any case', '0 9 * * Monday-friday', '2026-11-28T10:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['month names', '0 0 1 JAN *', '2026-11-23T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['full month names', '0 0 1 february *', '2026-11-23T00:00:00Z', '2027-02-01T00:00:00.000Z'],
    ['seconds field (7 fields)', '*/10 * * * * * *', '2026-11-23T10:00:01Z', '2026-11-23T10:00:10.000Z'],
    ['year field (6 fields)', '0 0 1 1 * 2030', '2026-11-23T00:00:00Z', '2030-01-01T00:00:00.000Z'],
    ['a far-future year', '0 12 1 6 * 2090', '2026-11-23T00:00:00Z', '2090-06-01T12:00:00.000Z'],
    ['year list', '0 0 1 1 * 2027,2031', '2027-01-01T00:00:00Z', '2031-01-01T00:00:00.000Z'],
    ['dom or dow when both are restricted', '0 0 13 * 5', '2026-11-01T00:00:00Z', '2026-11-06T00:00:00.000Z'],
    ['? is any', '0 0 ? * MON', '2026-11-24T00:00:00Z', '2026-11-30T00:00:00.000Z'],
    ['sunday as 7', '0 0 * * 7', '2026-11-23T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['range ending at 7 includes Sunday', '0 0 * * 5-7', '2026-11-28T12:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['name range ending at SUN includes Sunday', '0 0 * * fri-sun', '2026-11-28T12:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['7-1 is Sunday and Monday', '0 0 * * 7-1', '2026-11-24T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['31st skips short months', '0 0 31 * *', '2026-11-01T00:00:00Z', '2026-12-31T00:00:00.000Z'],
    ['L: last day of February', '0 0 L * *', '2026-02-10T00:00:00Z', '2026-02-28T00:00:00.000Z'],
    ['L in a leap year', '0 0 L 2 *', '2027-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['LW: last weekday (28 Feb 2026 is a Saturday)', '0 0 LW * *', '2026-02-01T00:00:00Z', '2026-02-27T00:00:00.000Z'],
    ['15W: 15 Aug 2026 is a Saturday → Friday 14th', '0 0 15W * *', '2026-08-01T00:00:00Z', '2026-08-14T00:00:00.000Z'],
    ['1W: 1 Aug 2026 is a Saturday → Monday 3rd (month not left)', '0 0 1W * *', '2026-07-31T00:00:00Z', '2026-08-03T00:00:00.000Z'],
    ['31W: 31 May 2026 is a Sunday → Friday 29th', '0 0 31W 5 *', '2026-05-01T00:00:00Z', '2026-05-29T00:00:00.000Z'],
    ['5L: last Friday', '0 0 * * 5L', '2026-11-01T00:00:00Z', '2026-11-27T00:00:00.000Z'],
    ['5#3: third Friday', '0 0 * * 5#3', '2026-11-01T00:00:00Z', '2026-11-20T00:00:00.000Z'],
    ['1#5: fifth Monday, skipping months without one', '0 0 * * 1#5', '2026-12-01T00:00:00Z', '2027-03-29T00:00:00.000Z'],
    ['fields past the 7th are ignored', '0 0 0 1 1 * 2030 extra', '2026-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
  ])('%s: %s', (_d, spec, from, want) => {
    expect(next(spec, from)).toBe(want)
  })

  test.each([
    ['30 February never comes', '0 0 30 2 *', '2026-01-01T00:00:00Z'],
    ['cronexpr stops at 2099', '0 0 1 1 * *', '2099-06-01T00:00:00Z'],
    ['a past year', '0 0 1 1 * 2020', '2026-01-01T00:00:00Z'],
  ])('%s gives null', (_d, spec, from) => {
    expect(next(spec, from)).toBeNull()
  })
})

describe('invalid specs, with the reason', () => {
  test.each([
    ['too few fields', '* * *', 'missing field(s): expected 5 to 7 fields, found 3'],
    ['empty', '', 'missing field(s): expected 5 to 7 fields, found 0'],
    ['minute out of range', '60 * * * *', 'syntax error in minute field: "60" (allowed 0-59, lists a,b, ranges a-b, steps */n)'],
    ['*/60 in minutes', '*/60 * * * *', 'invalid interval "*/60" in minute field: the step must be 1-59'],
    ['*/24 in hours', '0 */24 * * *', 'invalid interval "*/24" in hour field: the step must be 1-23'],
    ['*/7 in weekdays', '0 0 * * */7', 'invalid interval "*/7" in day-of-week field: the step must be 1-6'],
    ['a zero step', '*/0 * * * *', 'invalid interval "*/0" in minute field: the step must be 1-59'],
    ['a step on a range', '0-30/61 * * * *', 'invalid interval "0-30/61" in minute field: the step must be 1-59'],
    ['bad month name', '0 0 * FOO *', 'syntax error in month field: "FOO" (allowed 1-12 or JAN-DEC, lists a,b, ranges a-b, steps */n)'],
    ['weekday 8', '0 0 * * 8', 'syntax error in day-of-week field: "8" (allowed 0-7 or SUN-SAT, lists a,b, ranges a-b, steps */n)'],
    ['reversed range', '0 5-2 * * *', 'range "5-2" in hour field runs backwards; write the smaller value first'],
    ['reversed weekday range', '0 0 * * sat-mon', 'range "sat-mon" in day-of-week field runs backwards; write the smaller value first (Sunday is 0 or 7)'],
    ['year past 2099', '0 0 0 1 1 * 2100', 'syntax error in year field: "2100" (allowed 1970-2099, lists a,b, ranges a-b, steps */n)'],
    ['32W', '0 0 32W * *', 'syntax error in day-of-month field: "32W" (allowed 1-31, lists a,b, ranges a-b, steps */n)'],
    ['#6', '0 0 * * 1#6', 'syntax error in day-of-week field: "1#6" (allowed 0-7 or SUN-SAT, lists a,b, ranges a-b, steps */n)'],
    ['L in the hour field', '0 L * * *', 'syntax error in hour field: "L" (allowed 0-23, lists a,b, ranges a-b, steps */n)'],
    ['only commas', '0 , * * *', 'hour field ",": missing value'],
    ['@midnight is not Nomad syntax', '@midnight', 'unknown macro "@midnight" (Nomad has no @midnight; use @daily); use one of @yearly, @annually, @monthly, @weekly, @daily, @hourly'],
    ['macros are case-sensitive', '@DAILY', 'unknown macro "@DAILY"; use one of @yearly, @annually, @monthly, @weekly, @daily, @hourly'],
  ])('rejects %s', (_d, spec, msg) => {
    expect(() => parseCron(spec)).toThrow(CronError)
    expect(checkCron(spec)).toBe(msg)
  })

  test('accepts what Nomad accepts', () => {
    for (const spec of ['*/59 * * * *', '0 0 */31 * *', '0 0 1 */12 *', '0 0 * * */6', '0 0 0 1 1 * */5', '0 0 1,L * *', '0 0 * * 1,5L,3#2', '0 0 LW,15W * *']) expect(checkCron(spec)).toBeUndefined()
  })
})
