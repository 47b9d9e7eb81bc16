// The HTTP matchers of each Traefik rule syntax, with how many values each takes.
// v3: pkg/muxer/http/matcher.go; v2 (ruleSyntax=v2): matcher_v2.go, gorilla/mux templates.

export type RuleSyntax = 'v3' | 'v2'

export const RULE_SYNTAXES: readonly RuleSyntax[] = ['v3', 'v2']

/** [min, max] values; max Infinity for v2's lists (Host(`a`, `b`)). */
export type Arity = readonly [number, number]

const MANY: Arity = [1, Infinity]

export const MATCHERS: Readonly<Record<RuleSyntax, Readonly<Record<string, Arity>>>> = {
  v3: {
    Host: [1, 1], HostRegexp: [1, 1], Path: [1, 1], PathPrefix: [1, 1], PathRegexp: [1, 1], Method: [1, 1],
    Header: [2, 2], HeaderRegexp: [2, 2], Query: [1, 2], QueryRegexp: [1, 2], ClientIP: [1, 1],
  },
  v2: {
    Host: MANY, HostHeader: MANY, HostRegexp: MANY, Path: MANY, PathPrefix: MANY, Method: MANY,
    Headers: [2, 2], HeadersRegexp: [2, 2], Query: MANY, ClientIP: MANY,
  },
}

// Traefik registers each matcher under four spellings: as written, lower-case, upper-case, and
// Title-case of the lower-case (pkg/rules/parser.go). "PATHPREFIX" and "pathprefix" work;
// "pathPrefix" does not.
const SPELLINGS: Readonly<Record<RuleSyntax, ReadonlyMap<string, string>>> = {
  v3: spellings(Object.keys(MATCHERS.v3)),
  v2: spellings(Object.keys(MATCHERS.v2)),
}

function spellings(names: string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const name of names) {
    const lower = name.toLowerCase()
    for (const s of [name, lower, name.toUpperCase(), lower[0].toUpperCase() + lower.slice(1)]) out.set(s, name)
  }
  return out
}

/** The canonical name of a matcher as spelled in a rule, or undefined when the syntax has none. */
export function canonicalMatcher(spelled: string, syntax: RuleSyntax): string | undefined {
  return SPELLINGS[syntax].get(spelled)
}

export function isRuleSyntax(s: string): s is RuleSyntax {
  return s === 'v3' || s === 'v2'
}
