// Checks cron expressions as Nomad's periodic scheduler reads them: 5 fields (minute hour
// day-of-month month day-of-week), 6 (+ year) or 7 (seconds first, year last), or a
// descriptor such as @daily. Returns a reason when the spec is invalid.

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface Field {
  name: string
  min: number
  max: number
  names?: string[]
  special?: RegExp
}

const SEC: Field = {name: 'seconds', min: 0, max: 59}
const MIN: Field = {name: 'minutes', min: 0, max: 59}
const HOUR: Field = {name: 'hours', min: 0, max: 23}
const DOM: Field = {name: 'day of month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/}
const MON: Field = {name: 'month', min: 1, max: 12, names: MONTHS}
const DOW: Field = {name: 'day of week', min: 0, max: 7, names: DAYS, special: /^(\?|L|[0-7]L|[0-7]#[1-5])$/i}
const YEAR: Field = {name: 'year', min: 1970, max: 2099}

export function checkCron(spec: string): string | undefined {
  const s = spec.trim()
  if (s.startsWith('@')) return DESCRIPTORS.has(s) ? undefined : `unknown descriptor "${s}"`
  const parts = s.split(/\s+/)
  const layout = parts.length === 5 ? [MIN, HOUR, DOM, MON, DOW] : parts.length === 6 ? [MIN, HOUR, DOM, MON, DOW, YEAR] : parts.length === 7 ? [SEC, MIN, HOUR, DOM, MON, DOW, YEAR] : undefined
  if (!layout) return `expected 5 to 7 fields, found ${parts.length}`
  for (let i = 0; i < parts.length; i++) {
    const why = checkField(parts[i]!, layout[i]!)
    if (why) return why
  }
  return undefined
}

function value(tok: string, f: Field): number | undefined {
  const named = f.names?.indexOf(tok.toUpperCase())
  if (named !== undefined && named >= 0) return f === MON ? named + 1 : named
  if (!/^\d+$/.test(tok)) return undefined
  const n = Number(tok)
  return n >= f.min && n <= f.max ? n : undefined
}

function checkField(text: string, f: Field): string | undefined {
  for (const item of text.split(',')) {
    if (f.special?.test(item)) continue
    const [range, step, extra] = item.split('/')
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `invalid step in ${f.name} field "${text}"`
    if (range === '*') continue
    const [a, b, more] = range!.split('-')
    if (more !== undefined || value(a!, f) === undefined || (b !== undefined && value(b, f) === undefined)) return `invalid ${f.name} field "${text}" (allowed ${f.min}-${f.max})`
  }
  return undefined
}
