import {compileGoRegexp, GoRegexpError} from '../../lib/go-regexp.js'
import {def, fail, int, str, strList, type FuncMap} from '../funcs-def.js'
import {formatValue, isMap} from '../values.js'

// consul-template's string, list and number helpers. Argument order is consul-template's:
// the piped value comes last (`{{ .Name | replaceAll ":" "_" }}`).

function regexp(pattern: string) {
  try {
    return compileGoRegexp(pattern)
  } catch (e) {
    if (e instanceof GoRegexpError) fail(e.message)
    throw e
  }
}

/** strings.Title: the first letter of every word in upper case (words split at non-letters). */
export function toTitle(s: string): string {
  let prev = ' '
  let out = ''
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch
    prev = ch
  }
  return out
}

function isSeparator(ch: string): boolean {
  if (/^[\p{L}\p{Nd}_]$/u.test(ch)) return false
  if (ch.codePointAt(0)! < 0x80) return true
  return /^\s$/u.test(ch)
}

/** Go's strings.Trim with a cutset. */
function trimSet(s: string, set: string, left: boolean, right: boolean): string {
  const chars = new Set(set)
  const a = [...s]
  let i = 0
  let j = a.length
  while (left && i < j && chars.has(a[i]!)) i++
  while (right && j > i && chars.has(a[j - 1]!)) j--
  return a.slice(i, j).join('')
}

function contains(needle: unknown, list: unknown): boolean {
  if (typeof list === 'string') return typeof needle === 'string' && list.includes(needle)
  if (Array.isArray(list)) return list.some((x) => x === needle || (x !== null && typeof x === 'object' && formatValue(x) === formatValue(needle)))
  if (isMap(list)) return list instanceof Map ? list.has(needle) : typeof needle === 'string' && Object.hasOwn(list, needle)
  if (list === null || list === undefined) return false
  fail(`contains: cannot search in ${formatValue(list)}`)
}

function containsSome(needles: unknown, list: unknown, all: boolean, want: boolean): boolean {
  const ns = Array.isArray(needles) ? needles : fail('expected a list of needles')
  if (!ns.length) return all === want
  return all ? ns.every((n) => contains(n, list) === want) : ns.some((n) => contains(n, list) === want)
}

function parseInt64(s: string, unsigned: boolean): number {
  const t = s.trim()
  if (t === '') return 0
  if (!/^[+-]?\d+$/.test(t) || (unsigned && t.startsWith('-'))) fail(`strconv.Parse${unsigned ? 'Uint' : 'Int'}: parsing ${JSON.stringify(s)}: invalid syntax`)
  return Number(t)
}

function loop(...args: unknown[]): number[] {
  const [a, b] = args.map((x) => (typeof x === 'string' ? parseInt64(x, false) : int(x)))
  const [from, to] = b === undefined ? [0, a!] : [a!, b]
  if (to - from > 1_000_000) fail('loop: more than 1000000 iterations')
  return Array.from({length: Math.max(0, to - from)}, (_, i) => from + i)
}

function math(op: (a: number, b: number) => number, name: string) {
  return def((b: unknown, a: unknown) => {
    if (typeof a !== 'number' || typeof b !== 'number') fail(`${name}: unknown type for ${formatValue(a)} (${typeof a})`)
    const both = Number.isInteger(a) && Number.isInteger(b)
    if ((name === 'divide' || name === 'modulo') && b === 0 && both) fail(`${name}: division by 0`)
    const r = op(a, b)
    return both ? Math.trunc(r) : r
  })
}

export const STRING_FUNCS: FuncMap = {
  toLower: def((s: unknown) => str(s).toLowerCase()),
  toUpper: def((s: unknown) => str(s).toUpperCase()),
  toTitle: def((s: unknown) => toTitle(str(s))),
  trimSpace: def((s: unknown) => str(s).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '')),
  trim: def((set: unknown, s: unknown) => trimSet(str(s), str(set), true, true)),
  trimPrefix: def((p: unknown, s: unknown) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s))),
  trimSuffix: def((p: unknown, s: unknown) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s))),
  split: def((sep: unknown, s: unknown) => (str(s) === '' ? [] : str(s).split(str(sep)))),
  splitToMap: def((pairSep: unknown, kvSep: unknown, s: unknown) => {
    const out: Record<string, string> = {}
    if (str(s) === '') return out
    for (const pair of str(s).split(str(pairSep))) {
      const i = pair.indexOf(str(kvSep))
      if (i < 0) fail(`splitToMap: ${JSON.stringify(pair)} has no ${JSON.stringify(kvSep)}`)
      out[pair.slice(0, i)] = pair.slice(i + str(kvSep).length)
    }
    return out
  }),
  join: def((sep: unknown, list: unknown) => strList(list).join(str(sep))),
  replaceAll: def((from: unknown, to: unknown, s: unknown) => str(s).split(str(from)).join(str(to))),
  regexMatch: def((re: unknown, s: unknown) => regexp(str(re)).test(str(s))),
  regexReplaceAll: def((re: unknown, repl: unknown, s: unknown) => regexp(str(re)).replaceAll(str(s), str(repl))),
  indent: def((n: unknown, s: unknown) => {
    if (int(n) < 0) fail('indent value must be a positive integer')
    const pad = ' '.repeat(int(n))
    return str(s).split('\n').map((l) => pad + l).join('\n')
  }),
  contains: def(contains),
  in: def((list: unknown, needle: unknown) => contains(needle, list)),
  containsAll: def((n: unknown, l: unknown) => containsSome(n, l, true, true)),
  containsAny: def((n: unknown, l: unknown) => containsSome(n, l, false, true)),
  containsNone: def((n: unknown, l: unknown) => containsSome(n, l, true, false)),
  containsNotAll: def((n: unknown, l: unknown) => containsSome(n, l, false, false)),
  parseBool: def((s: unknown) => {
    const t = str(s)
    if (t === '') return false
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(t)) return true
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(t)) return false
    fail(`parseBool: strconv.ParseBool: parsing ${JSON.stringify(t)}: invalid syntax`)
  }),
  parseInt: def((s: unknown) => parseInt64(str(s), false)),
  parseUint: def((s: unknown) => parseInt64(str(s), true)),
  parseFloat: def((s: unknown) => {
    const t = str(s).trim()
    if (t === '') return 0
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) fail(`strconv.ParseFloat: parsing ${JSON.stringify(t)}: invalid syntax`)
    return Number(t)
  }),
  loop: def(loop, 1, 2),
  add: math((a, b) => a + b, 'add'),
  subtract: math((a, b) => a - b, 'subtract'),
  multiply: math((a, b) => a * b, 'multiply'),
  divide: math((a, b) => a / b, 'divide'),
  modulo: math((a, b) => a % b, 'modulo'),
  minimum: math((a, b) => Math.min(a, b), 'minimum'),
  maximum: math((a, b) => Math.max(a, b), 'maximum'),
}
