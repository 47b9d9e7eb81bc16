import {fail, def, type FuncMap} from './funcs-def.js'
import {sprintf} from './printf.js'
import {htmlEscape, jsEscape, queryEscape} from './quote.js'
import {formatValue, isMap, isTrue, structName, typeName} from './values.js'

// The predefined functions of Go's text/template.

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = ''
  for (const [i, a] of args.entries()) {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' '
    out += formatValue(a, false)
  }
  return out
}

function escArg(args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args)
}

type Kind = 'bool' | 'number' | 'string' | 'nil' | 'other'
function kind(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil'
  const t = typeof v
  return t === 'boolean' ? 'bool' : t === 'number' ? 'number' : t === 'string' ? 'string' : 'other'
}

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (!rest.length) fail('missing argument for comparison')
  const ka = kind(a)
  for (const b of rest) {
    const kb = kind(b)
    if (ka === 'nil' || kb === 'nil') {
      if (ka === kb) return true
      continue
    }
    if (ka === 'other' || kb === 'other') {
      if (structName(a) && a === b) return true
      if (ka === 'other' && kb === 'other' && structName(a) && structName(b)) continue
      fail('incompatible types for comparison')
    }
    if (ka !== kb) fail('incompatible types for comparison')
    if (a === b) return true
  }
  return false
}

function lt(a: unknown, b: unknown): boolean {
  const ka = kind(a)
  const kb = kind(b)
  if (ka === 'bool' || ka === 'nil' || ka === 'other' || kb === 'bool' || kb === 'nil' || kb === 'other') fail('invalid type for comparison')
  if (ka !== kb) fail('incompatible types for comparison')
  return (a as number | string) < (b as number | string)
}

function indexOne(item: unknown, key: unknown): unknown {
  if (item === null || item === undefined) fail('index of untyped nil')
  if (Array.isArray(item) || typeof item === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) fail(`cannot index slice/array with type ${typeName(key)}`)
    const len = typeof item === 'string' ? Buffer.byteLength(item) : item.length
    if (key < 0 || key >= len) fail(`index out of range: ${key}`)
    return typeof item === 'string' ? Buffer.from(item)[key] : item[key]
  }
  if (isMap(item)) {
    if (item instanceof Map) return item.has(key) ? item.get(key) : null
    if (typeof key !== 'string') fail(`value has type ${typeName(key)}; should be string`)
    return Object.hasOwn(item, key) ? item[key] : null
  }
  fail(`can't index item of type ${typeName(item)}`)
}

function sliceOf(item: unknown, ...idx: unknown[]): unknown {
  if (item === null || item === undefined) fail('slice of untyped nil')
  if (idx.length > 3) fail(`too many slice indexes: ${idx.length}`)
  if (typeof item === 'string' && idx.length === 3) fail('cannot 3-index slice a string')
  if (typeof item !== 'string' && !Array.isArray(item)) fail(`can't slice item of type ${typeName(item)}`)
  const len = typeof item === 'string' ? Buffer.byteLength(item) : item.length
  const n = idx.map((i) => {
    if (typeof i !== 'number' || !Number.isInteger(i)) fail(`cannot index slice/array with type ${typeName(i)}`)
    if (i < 0 || i > len) fail(`index out of range: ${i}`)
    return i
  })
  const lo = n[0] ?? 0
  const hi = n[1] ?? len
  if (lo > hi) fail(`invalid slice index: ${lo} > ${hi}`)
  if (n[2] !== undefined && hi > n[2]) fail(`invalid slice index: ${hi} > ${n[2]}`)
  return typeof item === 'string' ? Buffer.from(item).subarray(lo, hi).toString() : item.slice(lo, hi)
}

function length(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v)
  if (Array.isArray(v)) return v.length
  if (v instanceof Map) return v.size
  if (isMap(v)) return Object.keys(v).length
  fail(`len of type ${typeName(v)}`)
}

export const BUILTINS: FuncMap = {
  and: def(() => undefined, 1, Infinity),
  or: def(() => undefined, 1, Infinity),
  not: def((v: unknown) => !isTrue(v)),
  len: def(length),
  index: def((item: unknown, ...keys: unknown[]) => keys.reduce((it, k) => indexOne(it, k), item), 1, Infinity),
  slice: def(sliceOf, 1, Infinity),
  print: def((...a: unknown[]) => sprint(a), 0, Infinity),
  println: def((...a: unknown[]) => a.map((x) => formatValue(x, false)).join(' ') + '\n', 0, Infinity),
  printf: def((f: unknown, ...a: unknown[]) => {
    if (typeof f !== 'string') fail(`wrong type for value; expected string; got ${typeName(f)}`)
    return sprintf(f, a)
  }, 1, Infinity),
  html: def((...a: unknown[]) => htmlEscape(escArg(a)), 0, Infinity),
  js: def((...a: unknown[]) => jsEscape(escArg(a)), 0, Infinity),
  urlquery: def((...a: unknown[]) => queryEscape(escArg(a)), 0, Infinity),
  call: def((f: unknown, ...a: unknown[]) => {
    if (typeof f !== 'function') fail(`non-function of type ${typeName(f)}`)
    return (f as (...x: unknown[]) => unknown)(...a)
  }, 1, Infinity),
  eq: def(eq, 1, Infinity),
  ne: def((a: unknown, b: unknown) => !eq(a, b)),
  lt: def(lt),
  le: def((a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  gt: def((a: unknown, b: unknown) => !lt(a, b) && !eq(a, b)),
  ge: def((a: unknown, b: unknown) => !lt(a, b)),
}
