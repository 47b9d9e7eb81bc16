import {daysOfMonth} from './days.js'
import type {CronExpr} from './parse.js'
import {offsetFor} from './zone.js'

// The next launch of a cron line. Fields are matched against the wall clock of the time zone,
// so (as Nomad does) a time skipped by a DST change does not fire that day and a time in a
// repeated hour fires twice. Pure: the caller passes the time.

const HOUR_MS = 3_600_000
const WINDOW = 36 * HOUR_MS
const LAST_YEAR = 2099 // cronexpr's last year

/** The first wall-clock time (UTC fields of a ms value) at or after `from` that matches. */
export function nextWall(e: CronExpr, from: number): number | null {
  const d = new Date(from)
  const [Y, M, D, h, m, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
  const years = e.years ?? range(Math.max(Y, 1970), LAST_YEAR)
  for (const y of years) {
    if (y < Y) continue
    const yf = y === Y
    for (const mo of e.months) {
      if (yf && mo < M) continue
      const mf = yf && mo === M
      for (const day of daysOfMonth(e, y, mo)) {
        if (mf && day < D) continue
        const df = mf && day === D
        for (const hr of e.hours) {
          if (df && hr < h) continue
          const hf = df && hr === h
          for (const mi of e.minutes) {
            if (hf && mi < m) continue
            const mif = hf && mi === m
            for (const sec of e.seconds) {
              if (mif && sec < s) continue
              return Date.UTC(y, mo - 1, day, hr, mi, sec)
            }
          }
        }
      }
    }
  }
  return null
}

function range(a: number, b: number): number[] {
  const out: number[] = []
  for (let i = a; i <= b; i++) out.push(i)
  return out
}

/**
 * The first instant strictly after `after` (epoch ms; whole seconds) whose wall clock in
 * `zone` matches, or null when none comes (cronexpr stops at 2099). Offsets are assumed to
 * change at most once per 36 hours, true of every IANA zone.
 */
export function nextCronTime(e: CronExpr, after: number, zone = 'UTC'): number | null {
  let t = Math.floor(after / 1000) * 1000 + 1000
  const off = offsetFor(zone)
  for (let guard = 0; guard < 100_000; guard++) {
    const end = t + WINDOW
    const o1 = off(t)
    const o2 = off(end)
    const change = o1 === o2 ? end : firstChange(off, t, end, o1)
    const segments: Array<[number, number, number]> = [[t, change, o1]]
    if (change < end) segments.push([change, end, off(change)])
    for (const [start, stop, o] of segments) {
      const w = nextWall(e, start + o)
      if (w === null) return null
      if (w - o < stop) return w - o
    }
    // Nothing in this window: jump to where the next matching wall time can first occur
    // (any offset lies within -12 h … +14 h).
    const w = nextWall(e, end - 12 * HOUR_MS)
    if (w === null) return null
    t = Math.max(end, Math.floor((w - 14 * HOUR_MS) / 1000) * 1000)
  }
  return null
}

/** The first whole second in (lo, hi] whose offset differs from `o`. */
function firstChange(off: (t: number) => number, lo: number, hi: number, o: number): number {
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000
    if (off(mid) === o) lo = mid
    else hi = mid
  }
  return hi
}
