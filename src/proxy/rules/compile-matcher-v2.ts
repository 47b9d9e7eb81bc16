// Traefik's v2 rule syntax (ruleSyntax=v2): matchers take lists (Host(`a`, `b`) matches either),
// Path/PathPrefix/HostRegexp/Query are gorilla/mux templates, Headers/HeadersRegexp take a pair.
import type {Matcher, MatchRequest, RuleNode} from './ast.js'
import {clientIpMatcher} from './compile-matcher-v3.js'
import {hostEquals, isAscii, type MatcherContext} from './matcher-context.js'
import {compileMuxTemplate} from './mux-template.js'
import {firstQueryValue, headerValues} from './request-view.js'

export function compileMatcherV2(node: RuleNode & {kind: 'matcher'}, ctx: MatcherContext): Matcher {
  const args = node.args
  switch (node.name) {
    case 'Host':
    case 'HostHeader': {
      for (const a of args) if (!isAscii(a)) ctx.fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`)
      const hosts = args.map((a) => a.toLowerCase())
      return (req) => hosts.some((h) => hostEquals(req.host, h))
    }
    case 'HostRegexp': {
      for (const a of args) if (!isAscii(a)) ctx.fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`)
      const res = args.map((a) => compileMuxTemplate(a, 'host', ctx))
      return (req) => res.some((re) => re.test(req.host))
    }
    case 'Path':
    case 'PathPrefix': {
      const res = args.map((a) => compileMuxTemplate(a, node.name === 'Path' ? 'path' : 'prefix', ctx))
      return (req) => res.some((re) => re.test(req.path))
    }
    case 'Method': {
      const methods = args.map((a) => a.toUpperCase())
      return (req) => methods.includes(req.method)
    }
    case 'Headers': {
      const name = args[0].toLowerCase()
      const value = args[1]
      return (req) => headerValues(req, name).includes(value)
    }
    case 'HeadersRegexp': {
      const name = args[0].toLowerCase()
      const re = ctx.regexp(args[1])
      return (req) => headerValues(req, name).some((v) => re.test(v))
    }
    case 'Query':
      return queryMatcher(args, ctx)
    case 'ClientIP':
      return clientIpMatcher(args, ctx)
    default:
      return ctx.fail('unknown matcher')
  }
}

// Query(`k=v`, …): every pair must match (gorilla's Queries); a pair sees only the key's first value.
function queryMatcher(args: readonly string[], ctx: MatcherContext): Matcher {
  const parts = args.flatMap((a) => {
    const eq = a.indexOf('=')
    return eq < 0 ? [a] : [a.slice(0, eq), a.slice(eq + 1)]
  })
  if (parts.length % 2 !== 0) ctx.fail(`mux: number of parameters must be multiple of 2, got ${JSON.stringify(parts)}`, 'Write each query as key=value: Query(`page=1`), or key= for any value.')
  const pairs: Array<{key: string; re: ReturnType<typeof compileMuxTemplate>}> = []
  for (let i = 0; i < parts.length; i += 2) pairs.push({key: parts[i], re: compileMuxTemplate(`${parts[i]}=${parts[i + 1]}`, 'query', ctx)})
  return (req: MatchRequest) => pairs.every(({key, re}) => {
    const v = firstQueryValue(req, key)
    return re.test(v === undefined ? '' : `${key}=${v}`)
  })
}
