// Version constraints as Nomad's `version` (go-version, lenient) and `semver` (strict) operators.

interface Version {
  parts: number[]
  pre: string
  given: number // segments written out
}

const LENIENT = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/
const STRICT = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/

export function parseVersion(s: string, strict: boolean): Version | null {
  const t = s.trim()
  if (strict) {
    const m = STRICT.exec(t)
    if (!m) return null
    return {parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '', given: 3}
  }
  const m = LENIENT.exec(t)
  if (!m) return null
  const raw = [m[1], m[2], m[3], m[4]]
  const parts = raw.map((x) => (x === undefined ? 0 : Number(x)))
  return {parts, pre: m[5] ?? '', given: raw.filter((x) => x !== undefined).length}
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0
  if (a === '') return 1
  if (b === '') return -1
  const as = a.split('.')
  const bs = b.split('.')
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i]
    const y = bs[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const xn = /^\d+$/.test(x)
    const yn = /^\d+$/.test(y)
    if (xn && yn && Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1
    if (xn !== yn) return xn ? -1 : 1
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.parts.length, b.parts.length)
  for (let i = 0; i < n; i++) {
    const x = a.parts[i] ?? 0
    const y = b.parts[i] ?? 0
    if (x !== y) return x < y ? -1 : 1
  }
  return comparePre(a.pre, b.pre)
}

function checkOne(v: Version, op: string, c: Version): boolean {
  const cmp = compareVersions(v, c)
  switch (op) {
    case '':
    case '=':
      return cmp === 0
    case '!=':
      return cmp !== 0
    case '>':
      return cmp > 0
    case '<':
      return cmp < 0
    case '>=':
      return cmp >= 0
    case '<=':
      return cmp <= 0
    case '~>': {
      // Pessimistic: at least c, and every written segment but the last unchanged.
      if (cmp < 0) return false
      for (let i = 0; i < Math.max(1, c.given - 1); i++) if ((v.parts[i] ?? 0) !== (c.parts[i] ?? 0)) return false
      return true
    }
    default:
      return false
  }
}

/** Whether `value` satisfies a comma-separated constraint list like ">= 1.2, < 2". */
export function versionMatches(value: string, constraint: string, strict: boolean): boolean {
  const v = parseVersion(value, strict)
  if (!v) return false
  for (const raw of constraint.split(',')) {
    const m = /^\s*(>=|<=|!=|~>|=|>|<)?\s*(\S+)\s*$/.exec(raw)
    if (!m) return false
    const c = parseVersion(m[2]!, strict)
    if (!c) return false
    // A prerelease only satisfies constraints that name a prerelease of the same core version.
    if (v.pre !== '' && !strict && (c.pre === '' || c.parts.join('.') !== v.parts.join('.'))) return false
    if (!checkOne(v, m[1] ?? '', c)) return false
  }
  return true
}
