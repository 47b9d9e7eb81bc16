import type {CronExpr} from './parse.js'

// The days of one month that a cron line's day-of-month and day-of-week fields select.
// As in cron(5): when both fields are restricted a day matches if either does.

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()
const weekday = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay()

/** `15W`: the weekday nearest the 15th without leaving the month. */
function nearestWorkday(year: number, month: number, day: number, last: number): number {
  const wd = weekday(year, month, day)
  if (wd === 6) return day > 1 ? day - 1 : day + 2
  if (wd === 0) return day < last ? day + 1 : day - 2
  return day
}

export function daysOfMonth(e: CronExpr, year: number, month: number): number[] {
  const last = daysIn(year, month)
  if (!e.dom.restricted && !e.dow.restricted) return Array.from({length: last}, (_, i) => i + 1)
  const out = new Set<number>()
  if (e.dom.restricted) {
    for (const d of e.dom.days) if (d <= last) out.add(d)
    if (e.dom.last) out.add(last)
    if (e.dom.lastWorkday) out.add(nearestWorkday(year, month, last, last))
    for (const d of e.dom.workdays) if (d <= last) out.add(nearestWorkday(year, month, d, last))
  }
  if (e.dow.restricted) {
    const first = weekday(year, month, 1)
    const firstOf = (wd: number) => 1 + ((wd - first + 7) % 7)
    for (const wd of e.dow.days) for (let d = firstOf(wd); d <= last; d += 7) out.add(d)
    for (const [wd, n] of e.dow.nth) {
      const d = firstOf(wd) + 7 * (n - 1)
      if (d <= last) out.add(d)
    }
    const lastWd = weekday(year, month, last)
    for (const wd of e.dow.last) out.add(last - ((lastWd - wd + 7) % 7))
  }
  return [...out].sort((a, b) => a - b)
}
