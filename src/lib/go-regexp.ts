// Go's regexp package is RE2. Nomad constraints (`regexp`, `set_contains_regexp` targets) and
// Traefik matchers (`HostRegexp`, `PathRegexp`, `HeaderRegexp`, …) take Go patterns, so both go
// through this one module: RE2JS is a faithful port of RE2 (same syntax, same flags, linear time).
import {RE2JS} from 're2js'

export class GoRegexpError extends Error {}

export interface GoRegexp {
  readonly source: string
  /** Go's MatchString: true when the pattern matches anywhere in `s` (unanchored). */
  test(s: string): boolean
  /** Go's FindStringSubmatch: the whole match then each group (undefined when unset), or null. */
  exec(s: string): (string | undefined)[] | null
  /** Go's ReplaceAllString: `$1`, `${name}` expand as in Go. */
  replaceAll(s: string, replacement: string): string
}

/** Compile a Go (RE2) pattern. Throws GoRegexpError with RE2's reason when it is invalid. */
export function compileGoRegexp(source: string): GoRegexp {
  let re: RE2JS
  try {
    re = RE2JS.compile(source)
  } catch (err) {
    throw new GoRegexpError(goMessage(source, err))
  }
  return {
    source,
    test: (s) => re.matcher(s).find(),
    exec: (s) => {
      const m = re.matcher(s)
      if (!m.find()) return null
      const out: (string | undefined)[] = []
      for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined)
      return out
    },
    replaceAll: (s, replacement) => {
      const m = re.matcher(s)
      const names = re.namedGroups()
      let out = ''
      let last = 0
      let prevEnd = -1
      while (m.find()) {
        // Go ignores an empty match that abuts the preceding match.
        if (m.start() === m.end() && m.start() === prevEnd) continue
        prevEnd = m.end()
        const groups: (string | undefined)[] = []
        for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined)
        out += s.slice(last, m.start()) + expandGo(replacement, groups, names)
        last = m.end()
      }
      return out + s.slice(last)
    },
  }
}

/** The error text Go prints for a bad pattern, without RE2JS's class names. */
function goMessage(source: string, err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return `error parsing regexp ${JSON.stringify(source)}: ${text.replace(/^[A-Za-z]+Exception: /, '')}`
}

// Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`; `$$` is a literal `$`. A name takes the
// longest run of letters, digits and `_`; an unknown group or a bad reference expands to "".
function expandGo(template: string, groups: (string | undefined)[], names: Record<string, number>): string {
  let out = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i]
    if (c !== '$') {
      out += c
      continue
    }
    if (template[i + 1] === '$') {
      out += '$'
      i++
      continue
    }
    let name: string
    const braced = template[i + 1] === '{'
    if (braced) {
      const close = template.indexOf('}', i + 2)
      name = close < 0 ? '' : template.slice(i + 2, close)
      if (close < 0 || !/^\w+$/.test(name)) {
        out += c
        continue
      }
      i = close
    } else {
      const run = /^\w+/.exec(template.slice(i + 1))
      if (!run) {
        out += c
        continue
      }
      name = run[0]
      i += name.length
    }
    const index = /^\d+$/.test(name) ? Number(name) : names[name]
    out += index === undefined ? '' : (groups[index] ?? '')
  }
  return out
}
