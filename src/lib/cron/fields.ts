// The seven fields of Nomad's cron syntax (hashicorp/cronexpr, a fork of gorhill/cronexpr):
// what each accepts and how a token becomes a number. Tokens are matched lower-cased.

export interface FieldSpec {
  name: string
  min: number
  max: number
  /** A regexp source for one value of this field (numbers, names). */
  value: string
  toNumber: (token: string) => number
}

const numberOf = (t: string): number => Number(t)

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

function named(short: string[], long: string[], base: number): (t: string) => number {
  return (t) => {
    const i = Math.max(short.indexOf(t), long.indexOf(t))
    return i >= 0 ? i + base : Number(t)
  }
}

export const SECOND: FieldSpec = {name: 'second', min: 0, max: 59, value: '0?[0-9]|[1-5][0-9]', toNumber: numberOf}
export const MINUTE: FieldSpec = {name: 'minute', min: 0, max: 59, value: '0?[0-9]|[1-5][0-9]', toNumber: numberOf}
export const HOUR: FieldSpec = {name: 'hour', min: 0, max: 23, value: '0?[0-9]|1[0-9]|2[0-3]', toNumber: numberOf}
export const DAY_OF_MONTH: FieldSpec = {name: 'day-of-month', min: 1, max: 31, value: '0?[1-9]|[12][0-9]|3[01]', toNumber: numberOf}
export const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  value: ['0?[1-9]|1[012]', ...MONTH_NAMES, ...MONTHS].join('|'),
  toNumber: named(MONTHS, MONTH_NAMES, 1),
}
/** 7 is Sunday as well as 0; toNumber folds it to 0 (ranges keep it, see parse-dow). */
export const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 6,
  value: ['0?[0-7]', ...DAY_NAMES, ...DAYS].join('|'),
  toNumber: (t) => named(DAYS, DAY_NAMES, 0)(t) % 7,
}
export const YEAR: FieldSpec = {name: 'year', min: 1970, max: 2099, value: '19[789][0-9]|20[0-9]{2}', toNumber: numberOf}

/**
 * A step as cronexpr reads it: only the number tokens it knows (0–59, two-digit 00–09 and
 * the years 1970–2099) count; anything else reads as 0 and is refused with the bound.
 */
export function stepOf(text: string): number {
  if (/^(0?[0-9]|[1-5][0-9])$/.test(text) || /^(19[789][0-9]|20[0-9]{2})$/.test(text)) return Number(text)
  return 0
}

/** The summary "allowed …" shown in errors. */
export function allowed(f: FieldSpec): string {
  if (f === MONTH) return '1-12 or JAN-DEC'
  if (f === DAY_OF_WEEK) return '0-7 or SUN-SAT'
  return `${f.min}-${f.max}`
}
