// Cron expressions as Nomad's periodic block takes them (cronexpr syntax): 5 fields
// (minute hour day-of-month month day-of-week), 6 (+ year) or 7 (seconds first, year last),
// lists, ranges, steps, month/day names, `?`, and the @yearly/@monthly/@weekly/@daily/@hourly
// macros. Times are evaluated in UTC. Pure: the caller passes the time.

export interface CronSchedule {
  seconds: Set<number>
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  years: Set<number> | null
  domStar: boolean
  dowStar: boolean
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 * *', '@annually': '0 0 0 1 1 * *', '@monthly': '0 0 0 1 * * *',
  '@weekly': '0 0 0 * * 0 *', '@daily': '0 0 0 * * * *', '@midnight': '0 0 0 * * * *', '@hourly': '0 0 * * * * *',
}
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

export class CronError extends Error {}

function parseField(text: string, name: string, min: number, max: number, names?: string[]): Set<number> {
  const out = new Set<number>()
  const value = (s: string): number => {
    const up = s.toUpperCase()
    const idx = names ? names.indexOf(up) : -1
    if (idx >= 0) return idx + (names === MONTHS ? 1 : 0)
    if (!/^\d+$/.test(s)) throw new CronError(`invalid ${name} value "${s}"`)
    const n = Number(s)
    if (name === 'day of week' && n === 7) return 0
    if (n < min || n > max) throw new CronError(`${name} value ${n} is out of range ${min}-${max}`)
    return n
  }
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new CronError(`invalid step "${stepText}" in ${name}`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') [lo, hi] = [min, max]
    else if (range.includes('-')) {
      const [a, b] = range.split('-')
      ;[lo, hi] = [value(a), value(b)]
      if (lo > hi) throw new CronError(`invalid range "${range}" in ${name}`)
    } else {
      lo = value(range)
      hi = stepText === undefined ? lo : max
    }
    for (let i = lo; i <= hi; i += step) out.add(i)
  }
  return out
}

export function parseCron(spec: string): CronSchedule {
  const trimmed = spec.trim()
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed
  let f = expanded.split(/\s+/)
  if (f.length === 5) f = ['0', ...f, '*']
  else if (f.length === 6) f = ['0', ...f]
  else if (f.length !== 7) throw new CronError(`expected 5 to 7 fields, found ${f.length}`)
  return {
    seconds: parseField(f[0], 'second', 0, 59),
    minutes: parseField(f[1], 'minute', 0, 59),
    hours: parseField(f[2], 'hour', 0, 23),
    days: parseField(f[3], 'day of month', 1, 31),
    months: parseField(f[4], 'month', 1, 12, MONTHS),
    weekdays: parseField(f[5], 'day of week', 0, 7, DAYS),
    years: f[6] === '*' ? null : parseField(f[6], 'year', 1970, 2099),
    domStar: f[3] === '*' || f[3] === '?',
    dowStar: f[5] === '*' || f[5] === '?',
  }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate())
  const dow = s.weekdays.has(d.getUTCDay())
  if (s.domStar && s.dowStar) return true
  if (s.domStar) return dow
  if (s.dowStar) return dom
  return dom || dow // classic cron: either restriction matches
}

/** The first time strictly after `after` (epoch ms) that matches, or null within ~5 years. */
export function nextCronTime(s: CronSchedule, after: number): number | null {
  const t = new Date(Math.floor(after / 1000) * 1000 + 1000)
  const limit = after + 5 * 366 * 86_400_000
  while (t.getTime() <= limit) {
    if ((s.years && !s.years.has(t.getUTCFullYear())) || !s.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1)
      t.setUTCHours(0, 0, 0, 0)
    } else if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1)
      t.setUTCHours(0, 0, 0, 0)
    } else if (!s.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0)
    } else if (!s.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0)
    } else if (!s.seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0)
    } else return t.getTime()
  }
  return null
}
