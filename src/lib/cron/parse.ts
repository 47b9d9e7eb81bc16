import {DAY_OF_MONTH, DAY_OF_WEEK, HOUR, MINUTE, MONTH, SECOND, YEAR, allowed, stepOf, type FieldSpec} from './fields.js'

// Parses a cron line as Nomad does (hashicorp/cronexpr): 5 fields (minute hour day-of-month
// month day-of-week), 6 (+ year) or 7 (second first, year last); fields past the 7th are
// ignored, as cronexpr does. Lists, ranges, steps, names, `?`, `L`, `W`, `LW`, `5L`, `5#3`.

export class CronError extends Error {}

export interface CronExpr {
  seconds: number[]
  minutes: number[]
  hours: number[]
  months: number[]
  /** null: any year */
  years: number[] | null
  dom: {restricted: boolean; days: number[]; workdays: number[]; last: boolean; lastWorkday: boolean}
  /** nth: [weekday, n] for `5#3`; last: weekdays for `5L` */
  dow: {restricted: boolean; days: number[]; last: number[]; nth: Array<[number, number]>}
}

const MACROS: Array<[string, string]> = [
  ['@yearly', '0 0 0 1 1 * *'],
  ['@annually', '0 0 0 1 1 * *'],
  ['@monthly', '0 0 0 1 * * *'],
  ['@weekly', '0 0 0 * * 0 *'],
  ['@daily', '0 0 0 * * * *'],
  ['@hourly', '0 0 * * * * *'],
]

interface Directive {
  kind: 'all' | 'one' | 'span' | 'other'
  text: string
  first: number
  last: number
  step: number
}

export function parseCron(spec: string): CronExpr {
  let line = spec
  for (const [macro, fields] of MACROS) line = line.split(macro).join(fields)
  const fields = line.match(/\S+/g) ?? []
  if (fields.length === 1 && fields[0]!.startsWith('@')) {
    const hint = fields[0] === '@midnight' ? ' (Nomad has no @midnight; use @daily)' : ''
    throw new CronError(`unknown macro "${fields[0]}"${hint}; use one of ${MACROS.map(([m]) => m).join(', ')}`)
  }
  if (fields.length < 5) throw new CronError(`missing field(s): expected 5 to 7 fields, found ${fields.length}`)
  const f = fields.length >= 7 ? fields.slice(0, 7) : ['0', ...fields]
  return {
    seconds: listField(f[0]!, SECOND),
    minutes: listField(f[1]!, MINUTE),
    hours: listField(f[2]!, HOUR),
    dom: domField(f[3]!),
    months: listField(f[4]!, MONTH),
    dow: dowField(f[5]!),
    years: f[6] === undefined ? null : listField(f[6], YEAR),
  }
}

function directives(text: string, f: FieldSpec): Directive[] {
  const entries = text.split(',').filter((e) => e !== '')
  if (!entries.length) throw new CronError(`${f.name} field "${text}": missing value`)
  const v = f.value
  const value = new RegExp(`^(${v})$`)
  const range = new RegExp(`^(${v})-(${v})$`)
  const starStep = /^\*\/(\d+)$/
  const valueStep = new RegExp(`^(${v})/(\\d+)$`)
  const rangeStep = new RegExp(`^(${v})-(${v})/(\\d+)$`)
  return entries.map((raw) => {
    const e = raw.toLowerCase()
    const d: Directive = {kind: 'other', text: raw, first: f.min, last: f.max, step: 1}
    let m: RegExpExecArray | null
    if (e === '*' || e === '?') d.kind = 'all'
    else if (value.test(e)) Object.assign(d, {kind: 'one', first: f.toNumber(e)})
    else if ((m = range.exec(e))) Object.assign(d, {kind: 'span', first: f.toNumber(m[1]!), last: f.toNumber(m[2]!)})
    else if ((m = starStep.exec(e))) Object.assign(d, {kind: 'span', step: checkStep(m[1]!, raw, f)})
    else if ((m = valueStep.exec(e))) Object.assign(d, {kind: 'span', first: f.toNumber(m[1]!), step: checkStep(m[2]!, raw, f)})
    else if ((m = rangeStep.exec(e))) Object.assign(d, {kind: 'span', first: f.toNumber(m[1]!), last: f.toNumber(m[2]!), step: checkStep(m[3]!, raw, f)})
    return d
  })
}

function checkStep(text: string, raw: string, f: FieldSpec): number {
  const step = stepOf(text)
  if (step < 1 || step > f.max) throw new CronError(`invalid interval "${raw}" in ${f.name} field: the step must be 1-${f.max}`)
  return step
}

function syntax(f: FieldSpec, d: Directive): CronError {
  return new CronError(`syntax error in ${f.name} field: "${d.text}" (allowed ${allowed(f)}, lists a,b, ranges a-b, steps */n)`)
}

function expand(d: Directive, f: FieldSpec, out: Set<number>): void {
  if (d.first > d.last) throw new CronError(`range "${d.text}" in ${f.name} field runs backwards; write the smaller value first`)
  for (let i = d.first; i <= d.last; i += d.step) out.add(i)
}

const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b)

function listField(text: string, f: FieldSpec): number[] {
  const out = new Set<number>()
  for (const d of directives(text, f)) {
    if (d.kind === 'other') throw syntax(f, d)
    if (d.kind === 'one') out.add(d.first)
    else expand(d, f, out)
  }
  return sorted(out)
}

function domField(text: string): CronExpr['dom'] {
  const days = new Set<number>()
  const workdays = new Set<number>()
  const dom: CronExpr['dom'] = {restricted: true, days: [], workdays: [], last: false, lastWorkday: false}
  const workday = new RegExp(`^(${DAY_OF_MONTH.value})w$`)
  for (const d of directives(text, DAY_OF_MONTH)) {
    const e = d.text.toLowerCase()
    let m: RegExpExecArray | null
    if (d.kind === 'all') dom.restricted = false
    else if (d.kind === 'one') days.add(d.first)
    else if (d.kind === 'span') expand(d, DAY_OF_MONTH, days)
    else if (e === 'l') dom.last = true
    else if (e === 'lw') dom.lastWorkday = true
    else if ((m = workday.exec(e))) workdays.add(Number(m[1]))
    else throw syntax(DAY_OF_MONTH, d)
  }
  // `*` among other entries makes every day match, as cronexpr does.
  if (!dom.restricted) return {restricted: false, days: [], workdays: [], last: false, lastWorkday: false}
  return {...dom, days: sorted(days), workdays: sorted(workdays)}
}

function dowField(text: string): CronExpr['dow'] {
  const days = new Set<number>()
  const dow: CronExpr['dow'] = {restricted: true, days: [], last: [], nth: []}
  const v = DAY_OF_WEEK.value
  const lastOf = new RegExp(`^(${v})l$`)
  const nthOf = new RegExp(`^(${v})#([1-5])$`)
  for (const d of directives(text, DAY_OF_WEEK)) {
    const e = d.text.toLowerCase()
    let m: RegExpExecArray | null
    if (d.kind === 'all') dow.restricted = false
    else if (d.kind === 'one') days.add(d.first)
    else if (d.kind === 'span') expandDowSpan(d, days)
    else if ((m = lastOf.exec(e))) dow.last.push(DAY_OF_WEEK.toNumber(m[1]!))
    else if ((m = nthOf.exec(e))) dow.nth.push([DAY_OF_WEEK.toNumber(m[1]!), Number(m[2])])
    else throw syntax(DAY_OF_WEEK, d)
  }
  if (!dow.restricted) return {restricted: false, days: [], last: [], nth: []}
  return {...dow, days: sorted(days)}
}

/** In a span 7 (or a trailing SUN) stays 7 so `5-7` and `fri-sun` reach Sunday; then 7 → 0. */
function expandDowSpan(d: Directive, out: Set<number>): void {
  const body = d.text.toLowerCase().split('/')[0]!
  if (body === '*') return expand(d, DAY_OF_WEEK, out)
  const [a, b] = body.split('-') as [string, string]
  const num = (t: string) => (t === '7' || t === '07' ? 7 : DAY_OF_WEEK.toNumber(t))
  let start = num(a)
  let end = num(b)
  if ((b === 'sun' || b === 'sunday') && start > 0) end = 7
  if (start === 7 && end < 7) start = 0 // `7-1` reads as Sunday-Monday
  if (start > end) throw new CronError(`range "${d.text}" in day-of-week field runs backwards; write the smaller value first (Sunday is 0 or 7)`)
  for (let i = start; i <= end; i += d.step) out.add(i % 7)
}
