// Path matching for /v1/… routes. A pattern is literal segments, `:name` (one segment) and at
// most one `*name` (one or more segments: job ids may hold "/", e.g. periodic children, when a
// client does not escape them). Segments are percent-decoded after splitting. Pure.

export interface Route<H> {
  methods: readonly string[]
  pattern: string
  handler: H
}

export type Match<H> =
  | {kind: 'found'; route: Route<H>; params: Record<string, string>}
  | {kind: 'method'; allowed: string[]}
  | {kind: 'none'}

function decode(seg: string): string {
  try {
    return decodeURIComponent(seg)
  } catch {
    return seg
  }
}

export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  const star = want.findIndex((w) => w.startsWith('*'))
  const params: Record<string, string> = {}
  const same = (w: string, g: string, into: Record<string, string>) => {
    if (w.startsWith(':')) return (into[w.slice(1)] = decode(g)), true
    return w === g
  }
  if (star < 0) {
    if (want.length !== got.length) return null
    return want.every((w, i) => same(w, got[i]!, params)) ? params : null
  }
  const tail = want.length - star - 1
  if (got.length < star + 1 + tail) return null
  for (let i = 0; i < star; i++) if (!same(want[i]!, got[i]!, params)) return null
  for (let i = 0; i < tail; i++) if (!same(want[star + 1 + i]!, got[got.length - tail + i]!, params)) return null
  params[want[star]!.slice(1)] = got.slice(star, got.length - tail).map(decode).join('/')
  return params
}

/**
 * The first route whose pattern matches decides: its method (or another route with the same
 * pattern) answers, else 405. Routes are tried in order, so suffix routes (`/v1/job/*id/plan`)
 * come before the bare one.
 */
export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): Match<H> {
  const allowed: string[] = []
  let decided: string | null = null
  for (const route of routes) {
    if (decided !== null && route.pattern !== decided) continue
    const params = matchPattern(route.pattern, path)
    if (!params) continue
    if (route.methods.includes(method)) return {kind: 'found', route, params}
    decided = route.pattern
    allowed.push(...route.methods)
  }
  return allowed.length ? {kind: 'method', allowed: [...new Set(allowed)]} : {kind: 'none'}
}
