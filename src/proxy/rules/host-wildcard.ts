// Traefik v3's Host wildcards (rules-and-priority: "Supports wildcard subdomain matching (e.g.
// *.example.com, **.example.com)"): "*." as the leftmost label stands for exactly one label,
// "**." for one or more; the domain after it must be named, and no other label may hold a "*".
// v2's Host has no wildcards (its documentation sends you to HostRegexp templates).

export type HostPattern = {kind: 'exact'; host: string} | {kind: 'one-label' | 'any-labels'; suffix: string}

/** Parse a lower-cased Host value; a string naming the problem when the wildcard is misplaced. */
export function hostPattern(host: string): HostPattern | string {
  if (!host.includes('*')) return {kind: 'exact', host}
  const kind = host.startsWith('**.') ? 'any-labels' : host.startsWith('*.') ? 'one-label' : undefined
  const suffix = kind === 'any-labels' ? host.slice(2) : kind === 'one-label' ? host.slice(1) : ''
  if (!kind || suffix.includes('*') || suffix.length < 2 || suffix === '..') {
    return `${JSON.stringify(host)}: a wildcard is only "*." (one label) or "**." (one or more labels) in front of a domain, e.g. *.example.com`
  }
  return {kind, suffix}
}

/** The request's canonized host against a wildcard pattern (suffix starts with "."; a trailing dot on the request is ignored). */
export function hostMatchesWildcard(reqHost: string, kind: 'one-label' | 'any-labels', suffix: string): boolean {
  const h = reqHost.endsWith('.') && !suffix.endsWith('.') ? reqHost.slice(0, -1) : reqHost
  if (h.length <= suffix.length || !h.endsWith(suffix)) return false
  const label = h.slice(0, h.length - suffix.length)
  if (label.startsWith('.') || label.endsWith('.') || label.includes('..')) return false
  return kind === 'any-labels' || !label.includes('.')
}
