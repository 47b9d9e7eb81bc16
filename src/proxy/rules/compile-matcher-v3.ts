// Traefik v3 matchers, each as its documentation defines it: one value each (Header, HeaderRegexp
// two; Query, QueryRegexp one or two), regexps in Go syntax and unanchored, headers per line.
import type {Matcher, MatchRequest, RuleNode} from './ast.js'
import {ipInRange, parseIp, parseIpRange} from './ip-range.js'
import {hostEquals, isAscii, type MatcherContext} from './matcher-context.js'
import {hostMatchesWildcard, hostPattern} from './host-wildcard.js'
import {headerValues, queryOf} from './request-view.js'

export function compileMatcherV3(node: RuleNode & {kind: 'matcher'}, ctx: MatcherContext): Matcher {
  const [a, b] = node.args
  switch (node.name) {
    case 'Host': {
      if (!isAscii(a)) ctx.fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`, 'Write internationalised names in punycode (xn--…).')
      const pattern = hostPattern(a.toLowerCase())
      if (typeof pattern === 'string') return ctx.fail(pattern, 'For other patterns use HostRegexp(`^[a-z0-9-]+\\.example\\.com$`).')
      if (pattern.kind === 'exact') {
        const host = pattern.host
        return (req) => hostEquals(req.host, host)
      }
      const {kind, suffix} = pattern
      return (req) => hostMatchesWildcard(req.host, kind, suffix)
    }
    case 'HostRegexp': {
      if (!isAscii(a)) ctx.fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`)
      const re = ctx.regexp(a)
      return (req) => re.test(req.host)
    }
    case 'Path':
    case 'PathPrefix': {
      if (!a.startsWith('/')) ctx.fail(`path ${JSON.stringify(a)} does not start with a "/"`, `Write ${node.name}(\`/${a}\`).`)
      return node.name === 'Path' ? (req) => req.path === a : (req) => req.path.startsWith(a)
    }
    case 'PathRegexp': {
      const re = ctx.regexp(a)
      return (req) => re.test(req.path)
    }
    case 'Method': {
      const method = a.toUpperCase()
      return (req) => req.method === method
    }
    case 'Header': {
      const name = a.toLowerCase()
      return (req) => headerValues(req, name).includes(b)
    }
    case 'HeaderRegexp': {
      const name = a.toLowerCase()
      const re = ctx.regexp(b)
      return (req) => headerValues(req, name).some((v) => re.test(v))
    }
    case 'Query':
    case 'QueryRegexp': {
      if (node.name === 'Query' || b === undefined) {
        const value = b ?? ''
        return (req: MatchRequest) => queryOf(req).get(a)?.includes(value) ?? false
      }
      const re = ctx.regexp(b)
      return (req) => queryOf(req).get(a)?.some((v) => re.test(v)) ?? false
    }
    case 'ClientIP':
      return clientIpMatcher([a], ctx)
    default:
      return ctx.fail('unknown matcher')
  }
}

/** Any of the addresses or CIDR ranges holds the connection's remote address. */
export function clientIpMatcher(values: readonly string[], ctx: MatcherContext): Matcher {
  const ranges = values.map((v) => parseIpRange(v) ?? ctx.fail(`${JSON.stringify(v)} is not an IP address or CIDR range`, 'Examples: ClientIP(`127.0.0.1`), ClientIP(`10.0.0.0/8`), ClientIP(`::1/128`).'))
  return (req) => {
    const ip = parseIp(req.remoteAddress)
    return ip !== undefined && ranges.some((r) => ipInRange(ip, r))
  }
}
