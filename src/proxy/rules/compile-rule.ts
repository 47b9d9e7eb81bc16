import type {Matcher, MatchRequest, RuleNode} from './ast.js'
import {compileGoRegexp, GoRegexpError} from './go-regexp.js'
import {ipInRange, parseIp, parseIpRange} from './ip-range.js'
import {parseRule} from './parse-rule.js'
import {headerValues, queryOf} from './request-view.js'
import {RuleError} from './rule-error.js'

export interface CompiledRule {
  tree: RuleNode
  match: Matcher
}

/** Parse and compile a rule once; matching is then closures only. Throws RuleError. */
export function buildRule(rule: string): CompiledRule {
  const tree = parseRule(rule)
  return {tree, match: compileRule(rule, tree)}
}

export function compileRule(rule: string, node: RuleNode): Matcher {
  switch (node.kind) {
    case 'and': {
      const l = compileRule(rule, node.left)
      const r = compileRule(rule, node.right)
      return (req) => l(req) && r(req)
    }
    case 'or': {
      const l = compileRule(rule, node.left)
      const r = compileRule(rule, node.right)
      return (req) => l(req) || r(req)
    }
    case 'not': {
      const c = compileRule(rule, node.child)
      return (req) => !c(req)
    }
    case 'matcher':
      return compileMatcher(rule, node)
  }
}

function compileMatcher(rule: string, node: RuleNode & {kind: 'matcher'}): Matcher {
  const [a, b] = node.args
  const fail = (problem: string, hint?: string): never => {
    throw new RuleError(rule, node.column, `${node.name}: ${problem}`, hint)
  }
  const regexp = (source: string): RegExp => {
    try {
      return compileGoRegexp(source)
    } catch (err) {
      if (err instanceof GoRegexpError) return fail(`invalid regexp ${JSON.stringify(source)}: ${err.message}`, 'Regexps use Go (RE2) syntax.')
      throw err
    }
  }
  switch (node.name) {
    case 'Host': {
      if (!/^[\x00-\x7f]*$/.test(a)) fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`, 'Write internationalised names in punycode (xn--…).')
      const host = a.toLowerCase()
      const bare = host.endsWith('.') ? host.slice(0, -1) : host
      return (req) => req.host === host || req.host === bare || (req.host.endsWith('.') && req.host.slice(0, -1) === host)
    }
    case 'HostRegexp': {
      if (!/^[\x00-\x7f]*$/.test(a)) fail(`invalid value ${JSON.stringify(a)}, non-ASCII characters are not allowed`)
      const re = regexp(a)
      return (req) => re.test(req.host)
    }
    case 'Path':
    case 'PathPrefix': {
      if (!a.startsWith('/')) fail(`path ${JSON.stringify(a)} does not start with a "/"`, `Write ${node.name}(\`/${a}\`).`)
      return node.name === 'Path' ? (req) => req.path === a : (req) => req.path.startsWith(a)
    }
    case 'PathRegexp': {
      const re = regexp(a)
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
      const re = regexp(b)
      return (req) => headerValues(req, name).some((v) => re.test(v))
    }
    case 'Query':
    case 'QueryRegexp': {
      if (node.name === 'Query' || b === undefined) {
        const value = b ?? ''
        return (req: MatchRequest) => queryOf(req).get(a)?.includes(value) ?? false
      }
      const re = regexp(b)
      return (req) => queryOf(req).get(a)?.some((v) => re.test(v)) ?? false
    }
    case 'ClientIP': {
      const range = parseIpRange(a)
      if (!range) return fail(`${JSON.stringify(a)} is not an IP address or CIDR range`, 'Examples: ClientIP(`127.0.0.1`), ClientIP(`10.0.0.0/8`), ClientIP(`::1/128`).')
      return (req) => {
        const ip = parseIp(req.remoteAddress)
        return ip !== undefined && ipInRange(ip, range)
      }
    }
    default:
      return fail('unknown matcher')
  }
}
