import {CronError} from './parse.js'

// IANA time zones through Intl: the UTC offset in effect at an instant. Nomad's time_zone
// goes through Go's time.LoadLocation, where "" and "UTC" are UTC and "Local" is the
// machine's zone.

export type OffsetAt = (instant: number) => number

const cache = new Map<string, OffsetAt>()

export function resolveZone(zone: string | undefined): string {
  if (!zone || zone === 'UTC') return 'UTC'
  if (zone === 'Local') return new Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone
}

/** Why a time_zone is not usable, or undefined when it is. */
export function checkTimeZone(zone: string | undefined): string | undefined {
  try {
    offsetFor(zone)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

export function offsetFor(zone: string | undefined): OffsetAt {
  const name = resolveZone(zone)
  const hit = cache.get(name)
  if (hit) return hit
  if (name === 'UTC') return () => 0
  let fmt: Intl.DateTimeFormat
  try {
    fmt = new Intl.DateTimeFormat('en-US', {timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short'})
  } catch {
    throw new CronError(`unknown time zone "${zone}"; use an IANA name such as "America/New_York" or "UTC"`)
  }
  const fn: OffsetAt = (instant) => {
    const whole = Math.floor(instant / 1000) * 1000
    const p: Record<string, string> = {}
    for (const part of fmt.formatToParts(whole)) p[part.type] = part.value
    const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year)
    const wall = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
    return wall - whole
  }
  cache.set(name, fn)
  return fn
}
