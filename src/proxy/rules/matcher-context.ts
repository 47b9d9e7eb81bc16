import {compileGoRegexp, GoRegexpError, type GoRegexp} from '../../lib/go-regexp.js'
import type {RuleNode} from './ast.js'
import {RuleError} from './rule-error.js'

/** What a matcher's compiler needs to refuse a value with the rule's column, and Go regexps. */
export interface MatcherContext {
  fail(problem: string, hint?: string): never
  regexp(source: string): GoRegexp
}

export function matcherContext(rule: string, node: RuleNode & {kind: 'matcher'}): MatcherContext {
  const fail = (problem: string, hint?: string): never => {
    throw new RuleError(rule, node.column, `${node.name}: ${problem}`, hint)
  }
  return {
    fail,
    regexp(source) {
      try {
        return compileGoRegexp(source)
      } catch (err) {
        // Go's own wording: "error parsing regexp: missing closing ): `(a`".
        if (err instanceof GoRegexpError) return fail(err.message.slice(Math.max(0, err.message.lastIndexOf('error parsing regexp: '))), 'Regexps use Go (RE2) syntax.')
        throw err
      }
    },
  }
}

export function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s)
}

/** Traefik's Host comparison: exact, or equal once a trailing dot is dropped from either side. */
export function hostEquals(reqHost: string, host: string): boolean {
  if (reqHost === '') return false
  if (reqHost === host) return true
  if (host.endsWith('.') && reqHost === host.slice(0, -1)) return true
  return reqHost.endsWith('.') && reqHost.slice(0, -1) === host
}
