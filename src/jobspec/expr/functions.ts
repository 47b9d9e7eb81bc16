import {createHash} from 'node:crypto'
import {posix} from 'node:path'
import {compileGoRegexp, GoRegexpError} from '../../lib/go-regexp.js'
import {ExprError} from './ast.js'
import {entries, toBool, toNumber} from './values.js'
import {formatValue} from './format.js'

// The HCL functions Nomad offers that job files use. Side effects (reading files, random
// UUIDs) come in through FunctionDeps so the rest stays pure and testable.

export type HclFunction = (args: unknown[]) => unknown
export type FunctionTable = Record<string, HclFunction>

export interface FunctionDeps {
  /** Reads a file relative to the job file's folder; undefined when the filesystem is off. */
  readFile?: (path: string) => string
  uuid: () => string
  /** abspath's base (the CLI's working directory, as filepath.Abs); unset: abspath is refused. */
  cwd?: string
  /** pathexpand's `~`; unset: a path under ~ is refused. */
  home?: string
}

/** Go's filepath.Dir: everything but the last element, cleaned ("." when nothing is left). */
export function goDir(p: string): string {
  const i = p.lastIndexOf('/')
  const dir = posix.normalize(p.slice(0, i + 1) || '.')
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir
}

/** Go's filepath.Base: the last element after trailing slashes are dropped. */
export function goBase(p: string): string {
  if (p === '') return '.'
  const t = p.replace(/\/+$/, '')
  return t === '' ? '/' : t.slice(t.lastIndexOf('/') + 1)
}

const goClean = (p: string): string => {
  const c = posix.normalize(p)
  return c.length > 1 ? c.replace(/\/+$/, '') : c
}

const str = (v: unknown, fn: string): string => {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw new ExprError('Invalid function argument', `Invalid value for "${fn}" argument: string required.`)
}
const list = (v: unknown, fn: string): unknown[] => {
  if (Array.isArray(v)) return v
  throw new ExprError('Invalid function argument', `Invalid value for "${fn}" argument: list of values required.`)
}
const map = (v: unknown, fn: string): Record<string, unknown> => {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
  throw new ExprError('Invalid function argument', `Invalid value for "${fn}" argument: map or object required.`)
}
const arity = (fn: string, args: unknown[], n: number): void => {
  if (args.length < n) throw new ExprError('Not enough function arguments', `Function "${fn}" expects ${n} argument(s). Missing value for argument ${args.length + 1}.`)
}

function uuidFromHash(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const h = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name)])).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

const UUID_NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
}

export function createFunctions(deps: FunctionDeps): FunctionTable {
  const file = (fn: string) => (args: unknown[]) => {
    arity(fn, args, 1)
    if (!deps.readFile) throw new ExprError(`Error in function call`, `Call to function "${fn}" failed: filesystem function disabled.`)
    return deps.readFile(str(args[0], fn))
  }
  const t: FunctionTable = {
    file: file('file'),
    upper: (a) => str(a[0], 'upper').toUpperCase(),
    lower: (a) => str(a[0], 'lower').toLowerCase(),
    title: (a) => str(a[0], 'title').replace(/\b\w/g, (c) => c.toUpperCase()),
    trimspace: (a) => str(a[0], 'trimspace').trim(),
    trim: (a) => {
      const cut = new Set(str(a[1], 'trim'))
      const s = [...str(a[0], 'trim')]
      while (s.length && cut.has(s[0]!)) s.shift()
      while (s.length && cut.has(s[s.length - 1]!)) s.pop()
      return s.join('')
    },
    trimprefix: (a) => {
      const s = str(a[0], 'trimprefix'), p = str(a[1], 'trimprefix')
      return s.startsWith(p) ? s.slice(p.length) : s
    },
    trimsuffix: (a) => {
      const s = str(a[0], 'trimsuffix'), p = str(a[1], 'trimsuffix')
      return p && s.endsWith(p) ? s.slice(0, -p.length) : s
    },
    replace: (a) => {
      const s = str(a[0], 'replace'), find = str(a[1], 'replace'), rep = str(a[2], 'replace')
      const re = /^\/(.*)\/$/.exec(find)
      return re ? s.replace(new RegExp(re[1]!, 'g'), rep.replace(/\$\{?(\d+)\}?/g, '$$$1')) : s.split(find).join(rep)
    },
    split: (a) => str(a[1], 'split').split(str(a[0], 'split')),
    join: (a) => {
      arity('join', a, 2)
      return a.slice(1).flatMap((l) => list(l, 'join')).map((x) => str(x, 'join')).join(str(a[0], 'join'))
    },
    concat: (a) => a.flatMap((l) => list(l, 'concat')),
    merge: (a) => Object.assign({}, ...a.filter((x) => x !== null).map((x) => map(x, 'merge'))),
    lookup: (a) => {
      arity('lookup', a, 2)
      const m = map(a[0], 'lookup'), k = str(a[1], 'lookup')
      if (Object.prototype.hasOwnProperty.call(m, k)) return m[k]
      if (a.length > 2) return a[2]
      throw new ExprError('Invalid function argument', `Invalid value for "inputMap" parameter: the given object has no attribute "${k}".`)
    },
    length: (a) => (typeof a[0] === 'string' ? [...a[0]].length : entries(a[0]).length),
    keys: (a) => Object.keys(map(a[0], 'keys')).sort(),
    values: (a) => Object.keys(map(a[0], 'values')).sort().map((k) => map(a[0], 'values')[k]),
    contains: (a) => list(a[0], 'contains').some((x) => JSON.stringify(x) === JSON.stringify(a[1])),
    element: (a) => {
      const l = list(a[0], 'element')
      if (!l.length) throw new ExprError('Invalid function argument', 'Invalid value for "list" parameter: cannot use element function with an empty list.')
      return l[toNumber(a[1]) % l.length]
    },
    index: (a) => list(a[0], 'index').findIndex((x) => JSON.stringify(x) === JSON.stringify(a[1])),
    jsonencode: (a) => JSON.stringify(a[0] ?? null),
    jsondecode: (a) => {
      try {
        return JSON.parse(str(a[0], 'jsondecode'))
      } catch (err) {
        throw new ExprError('Error in function call', `Call to function "jsondecode" failed: ${(err as Error).message}.`)
      }
    },
    base64encode: (a) => Buffer.from(str(a[0], 'base64encode'), 'utf8').toString('base64'),
    base64decode: (a) => Buffer.from(str(a[0], 'base64decode'), 'base64').toString('utf8'),
    format: (a) => formatValue(str(a[0], 'format'), a.slice(1)),
    formatlist: (a) => {
      const n = Math.max(...a.slice(1).map((x) => (Array.isArray(x) ? x.length : 1)))
      return Array.from({length: n}, (_, i) => formatValue(str(a[0], 'formatlist'), a.slice(1).map((x) => (Array.isArray(x) ? x[i] : x))))
    },
    tostring: (a) => (a[0] === null ? null : str(a[0], 'tostring')),
    tonumber: (a) => (a[0] === null ? null : toNumber(a[0])),
    tobool: (a) => (a[0] === null ? null : toBool(a[0])),
    tolist: (a) => list(a[0], 'tolist'),
    toset: (a) => [...new Set(list(a[0], 'toset').map((x) => JSON.stringify(x)))].sort().map((x) => JSON.parse(x)),
    tomap: (a) => map(a[0], 'tomap'),
    coalesce: (a) => a.find((x) => x !== null && x !== ''),
    coalescelist: (a) => a.find((x) => Array.isArray(x) && x.length) ?? [],
    compact: (a) => list(a[0], 'compact').filter((x) => x !== null && x !== ''),
    distinct: (a) => [...new Map(list(a[0], 'distinct').map((x) => [JSON.stringify(x), x])).values()],
    flatten: (a) => list(a[0], 'flatten').flat(Infinity),
    reverse: (a) => [...list(a[0], 'reverse')].reverse(),
    sort: (a) => [...list(a[0], 'sort')].map((x) => str(x, 'sort')).sort(),
    slice: (a) => list(a[0], 'slice').slice(toNumber(a[1]), toNumber(a[2])),
    zipmap: (a) => Object.fromEntries(list(a[0], 'zipmap').map((k, i) => [str(k, 'zipmap'), list(a[1], 'zipmap')[i]])),
    range: (a) => {
      const [start, end, step] = a.length === 1 ? [0, toNumber(a[0]), 1] : [toNumber(a[0]), toNumber(a[1]), a.length > 2 ? toNumber(a[2]) : 1]
      const out: number[] = []
      for (let i = start; step > 0 ? i < end : i > end; i += step) if (out.push(i) > 1024) break
      return out
    },
    min: (a) => Math.min(...a.map(toNumber)),
    max: (a) => Math.max(...a.map(toNumber)),
    abs: (a) => Math.abs(toNumber(a[0])),
    ceil: (a) => Math.ceil(toNumber(a[0])),
    floor: (a) => Math.floor(toNumber(a[0])),
    substr: (a) => {
      const s = [...str(a[0], 'substr')], off = toNumber(a[1]), len = toNumber(a[2])
      const start = off < 0 ? s.length + off : off
      return s.slice(start, len < 0 ? undefined : start + len).join('')
    },
    strrev: (a) => [...str(a[0], 'strrev')].reverse().join(''),
    regex_replace: (a) => {
      try {
        return compileGoRegexp(str(a[1], 'regex_replace')).replaceAll(str(a[0], 'regex_replace'), str(a[2], 'regex_replace'))
      } catch (err) {
        if (err instanceof GoRegexpError) throw new ExprError('Invalid function argument', `Invalid value for "pattern" parameter: ${err.message}.`)
        throw err
      }
    },
    uuidv4: () => deps.uuid(),
    uuidv5: (a) => {
      const ns = str(a[0], 'uuidv5')
      return uuidFromHash(UUID_NAMESPACES[ns] ?? ns, str(a[1], 'uuidv5'))
    },
    basename: (a) => goBase(str(a[0], 'basename')),
    dirname: (a) => goDir(str(a[0], 'dirname')),
    pathexpand: (a) => {
      const p = str(a[0], 'pathexpand')
      if (p !== '~' && !p.startsWith('~/')) return p
      if (!deps.home) throw new ExprError('Error in function call', 'Call to function "pathexpand" failed: the home directory is not known.')
      return deps.home + p.slice(1)
    },
    abspath: (a) => {
      const p = str(a[0], 'abspath')
      if (p.startsWith('/')) return goClean(p)
      if (!deps.cwd) throw new ExprError('Error in function call', 'Call to function "abspath" failed: the working directory is not known.')
      return goClean(posix.join(deps.cwd, p))
    },
    can: () => true,
  }
  t.fileexists = (a) => {
    if (!deps.readFile) return false
    try {
      deps.readFile(str(a[0], 'fileexists'))
      return true
    } catch {
      return false
    }
  }
  return t
}
