import {createHash} from 'node:crypto'
import {def, fail, int, str, type FuncMap} from '../funcs-def.js'
import {formatValue, isMap, isTrue} from '../values.js'
import {goJSON} from './encoding.js'
import {toTitle} from './strings.js'

// The Sprig functions consul-template ships under the "sprig_" prefix (a subset: strings,
// lists, dicts, defaults, math, encoding). Argument order is Sprig's: the piped value last.

const s = (v: unknown) => (typeof v === 'string' ? v : formatValue(v, false))
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : fail(`cannot treat ${formatValue(v)} as a list`))
const dict = (v: unknown): Record<string, unknown> => (isMap(v) && !(v instanceof Map) ? v : fail(`cannot treat ${formatValue(v)} as a dict`))
const words = (t: string) => t.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean)
const toInt = (v: unknown) => (typeof v === 'number' ? Math.trunc(v) : typeof v === 'string' && /^[+-]?\d+$/.test(v.trim()) ? Number(v) : 0)
const toFloat = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0)

const SPRIG: FuncMap = {
  upper: def((v: unknown) => str(v).toUpperCase()),
  lower: def((v: unknown) => str(v).toLowerCase()),
  title: def((v: unknown) => toTitle(str(v))),
  trim: def((v: unknown) => str(v).trim()),
  trimAll: def((cut: unknown, v: unknown) => str(v).replace(new RegExp(`^[${escape(str(cut))}]+|[${escape(str(cut))}]+$`, 'g'), '')),
  trimPrefix: def((p: unknown, v: unknown) => (str(v).startsWith(str(p)) ? str(v).slice(str(p).length) : str(v))),
  trimSuffix: def((p: unknown, v: unknown) => (str(p) && str(v).endsWith(str(p)) ? str(v).slice(0, -str(p).length) : str(v))),
  repeat: def((n: unknown, v: unknown) => str(v).repeat(Math.max(0, int(n)))),
  substr: def((a: unknown, b: unknown, v: unknown) => {
    const t = str(v)
    const [x, y] = [int(a), int(b)]
    return x < 0 ? t.slice(0, y) : y < 0 || y > t.length ? t.slice(x) : t.slice(x, y)
  }),
  nospace: def((v: unknown) => str(v).replace(/\s+/g, '')),
  trunc: def((n: unknown, v: unknown) => (int(n) >= 0 ? str(v).slice(0, int(n)) : str(v).slice(int(n)))),
  abbrev: def((n: unknown, v: unknown) => (str(v).length <= int(n) ? str(v) : int(n) < 4 ? str(v) : str(v).slice(0, int(n) - 3) + '...')),
  contains: def((sub: unknown, v: unknown) => str(v).includes(str(sub))),
  hasPrefix: def((p: unknown, v: unknown) => str(v).startsWith(str(p))),
  hasSuffix: def((p: unknown, v: unknown) => str(v).endsWith(str(p))),
  quote: def((...a: unknown[]) => a.filter((x) => x != null).map((x) => JSON.stringify(s(x))).join(' '), 0, Infinity),
  squote: def((...a: unknown[]) => a.filter((x) => x != null).map((x) => `'${s(x)}'`).join(' '), 0, Infinity),
  cat: def((...a: unknown[]) => a.filter((x) => x != null).map(s).join(' '), 0, Infinity),
  indent: def((n: unknown, v: unknown) => str(v).split('\n').map((l) => ' '.repeat(int(n)) + l).join('\n')),
  nindent: def((n: unknown, v: unknown) => '\n' + str(v).split('\n').map((l) => ' '.repeat(int(n)) + l).join('\n')),
  replace: def((a: unknown, b: unknown, v: unknown) => str(v).split(str(a)).join(str(b))),
  plural: def((one: unknown, many: unknown, n: unknown) => (int(n) === 1 ? str(one) : str(many))),
  snakecase: def((v: unknown) => words(str(v)).map((w) => w.toLowerCase()).join('_')),
  kebabcase: def((v: unknown) => words(str(v)).map((w) => w.toLowerCase()).join('-')),
  camelcase: def((v: unknown) => words(str(v)).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')),
  default: def((d: unknown, ...v: unknown[]) => (v.length && isTrue(v[0]) ? v[0] : d), 1, 2),
  empty: def((v: unknown) => !isTrue(v)),
  coalesce: def((...a: unknown[]) => a.find(isTrue) ?? null, 0, Infinity),
  ternary: def((a: unknown, b: unknown, c: unknown) => (isTrue(c) ? a : b)),
  toJson: def((v: unknown) => goJSON(v, '', true)),
  toPrettyJson: def((v: unknown) => goJSON(v, '  ', true)),
  b64enc: def((v: unknown) => Buffer.from(s(v)).toString('base64')),
  b64dec: def((v: unknown) => Buffer.from(str(v), 'base64').toString('utf8')),
  sha256sum: def((v: unknown) => createHash('sha256').update(str(v)).digest('hex')),
  sha1sum: def((v: unknown) => createHash('sha1').update(str(v)).digest('hex')),
  list: def((...a: unknown[]) => a, 0, Infinity),
  dict: def((...a: unknown[]) => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < a.length; i += 2) out[s(a[i])] = i + 1 < a.length ? a[i + 1] : ''
    return out
  }, 0, Infinity),
  get: def((d: unknown, k: unknown) => dict(d)[str(k)] ?? ''),
  hasKey: def((d: unknown, k: unknown) => Object.hasOwn(dict(d), str(k))),
  keys: def((...ds: unknown[]) => ds.flatMap((d) => Object.keys(dict(d))), 1, Infinity),
  values: def((d: unknown) => Object.values(dict(d))),
  pluck: def((k: unknown, ...ds: unknown[]) => ds.map(dict).filter((d) => Object.hasOwn(d, str(k))).map((d) => d[str(k)]), 1, Infinity),
  merge: def((dst: unknown, ...src: unknown[]) => Object.assign(dict(dst), ...src.map((x) => Object.fromEntries(Object.entries(dict(x)).filter(([k]) => !Object.hasOwn(dict(dst), k))))), 1, Infinity),
  first: def((l: unknown) => list(l)[0] ?? null),
  last: def((l: unknown) => list(l).at(-1) ?? null),
  rest: def((l: unknown) => list(l).slice(1)),
  initial: def((l: unknown) => list(l).slice(0, -1)),
  append: def((l: unknown, v: unknown) => [...list(l), v]),
  prepend: def((l: unknown, v: unknown) => [v, ...list(l)]),
  concat: def((...ls: unknown[]) => ls.flatMap(list), 0, Infinity),
  uniq: def((l: unknown) => [...new Set(list(l))]),
  without: def((l: unknown, ...v: unknown[]) => list(l).filter((x) => !v.includes(x)), 1, Infinity),
  has: def((v: unknown, l: unknown) => list(l).includes(v)),
  sortAlpha: def((l: unknown) => list(l).map(s).sort()),
  reverse: def((l: unknown) => [...list(l)].reverse()),
  compact: def((l: unknown) => list(l).filter(isTrue)),
  join: def((sep: unknown, l: unknown) => list(l).map(s).join(str(sep))),
  splitList: def((sep: unknown, v: unknown) => str(v).split(str(sep))),
  add: def((...a: unknown[]) => a.reduce<number>((x, y) => x + toInt(y), 0), 0, Infinity),
  add1: def((v: unknown) => toInt(v) + 1),
  sub: def((a: unknown, b: unknown) => toInt(a) - toInt(b)),
  mul: def((...a: unknown[]) => a.reduce<number>((x, y) => x * toInt(y), 1), 1, Infinity),
  div: def((a: unknown, b: unknown) => (toInt(b) === 0 ? fail('integer divide by zero') : Math.trunc(toInt(a) / toInt(b)))),
  mod: def((a: unknown, b: unknown) => (toInt(b) === 0 ? fail('integer divide by zero') : toInt(a) % toInt(b))),
  max: def((...a: unknown[]) => Math.max(...a.map(toInt)), 1, Infinity),
  min: def((...a: unknown[]) => Math.min(...a.map(toInt)), 1, Infinity),
  int: def(toInt),
  int64: def(toInt),
  float64: def(toFloat),
  atoi: def((v: unknown) => toInt(str(v))),
  toString: def((v: unknown) => s(v)),
  toStrings: def((l: unknown) => list(l).map(s)),
  until: def((n: unknown) => Array.from({length: Math.max(0, Math.min(int(n), 1_000_000))}, (_, i) => i)),
  untilStep: def((a: unknown, b: unknown, st: unknown) => {
    const out: number[] = []
    if (int(st) === 0) return out
    for (let i = int(a); int(st) > 0 ? i < int(b) : i > int(b); i += int(st)) if (out.push(i) > 1_000_000) break
    return out
  }),
}

function escape(cut: string): string {
  return cut.replace(/[\\\]^-]/g, '\\$&')
}

/** Every Sprig function under its consul-template name, sprig_NAME. */
export const SPRIG_FUNCS: FuncMap = Object.fromEntries(Object.entries(SPRIG).map(([k, v]) => [`sprig_${k}`, v]))
