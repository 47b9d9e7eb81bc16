// gorilla/mux route templates, which Traefik's v2 rule syntax uses for Path, PathPrefix, HostRegexp
// and Query: literal text with {name} or {name:pattern} variables, compiled to one anchored Go regexp.
import type {GoRegexp} from '../../lib/go-regexp.js'
import type {MatcherContext} from './matcher-context.js'

export type TemplateKind = 'path' | 'prefix' | 'host' | 'query'

const DEFAULT_PATTERN: Record<TemplateKind, string> = {path: '[^/]+', prefix: '[^/]+', host: '[^.]+', query: '.*'}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

/** Compile a template; refuses it with gorilla/mux's reasons (unbalanced braces, capture groups, …). */
export function compileMuxTemplate(tpl: string, kind: TemplateKind, ctx: MatcherContext): GoRegexp {
  if ((kind === 'path' || kind === 'prefix') && !tpl.startsWith('/')) ctx.fail(`mux: path must start with a slash, got ${JSON.stringify(tpl)}`)
  const braces = braceIndices(tpl) ?? ctx.fail(`mux: unbalanced braces in ${JSON.stringify(tpl)}`)
  let pattern = '^'
  let end = 0
  for (let i = 0; i < braces.length; i += 2) {
    const raw = tpl.slice(end, braces[i])
    end = braces[i + 1]
    const inner = tpl.slice(braces[i] + 1, end - 1)
    const colon = inner.indexOf(':')
    const name = colon < 0 ? inner : inner.slice(0, colon)
    const patt = colon < 0 ? DEFAULT_PATTERN[kind] : inner.slice(colon + 1)
    if (name === '' || patt === '') ctx.fail(`mux: missing name or pattern in ${JSON.stringify(tpl.slice(braces[i], end))}`)
    ctx.regexp(`^${patt}$`)
    pattern += `${quoteMeta(raw)}(?P<v${i / 2}>${patt})`
  }
  pattern += quoteMeta(tpl.slice(end))
  if (kind === 'query' && tpl.slice(tpl.indexOf('=') + 1) === '') pattern += DEFAULT_PATTERN.query
  if (kind !== 'prefix') pattern += '$'
  const re = ctx.regexp(pattern)
  // Every group must be a variable's: with `|` appended the pattern matches "" and reports all groups.
  const groups = (ctx.regexp(`${pattern}|`).exec('')?.length ?? 1) - 1
  if (groups !== braces.length / 2) ctx.fail(`route ${tpl} contains capture groups in its regexp. Only non-capturing groups are accepted: e.g. (?:pattern) instead of (pattern)`)
  return re
}

/** Start and end (exclusive) of each outermost {…}; undefined when braces do not balance. */
function braceIndices(s: string): number[] | undefined {
  let level = 0
  let start = 0
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') {
      if (++level === 1) start = i
    } else if (s[i] === '}') {
      if (--level === 0) out.push(start, i + 1)
      else if (level < 0) return undefined
    }
  }
  return level === 0 ? out : undefined
}
