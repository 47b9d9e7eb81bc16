import type {RuleNode} from './ast.js'
import {lexRule, type Token} from './lex-rule.js'
import {canonicalMatcher, MATCHERS, type RuleSyntax} from './matcher-table.js'
import {RuleError} from './rule-error.js'

const MAX_DEPTH = 64

/**
 * Parse a Traefik rule into a tree. Grammar (Go expression precedence):
 *   or := and ('||' and)*   and := unary ('&&' unary)*   unary := '!' unary | '(' or ')' | Name '(' [string (',' string)*] ')'
 * Checks matcher names (in the syntax's spellings), that every value is non-empty (Traefik's
 * CheckRule) and the argument counts; values themselves are checked when compiling.
 */
export function parseRule(rule: string, syntax: RuleSyntax = 'v3'): RuleNode {
  const tokens = lexRule(rule)
  let pos = 0
  const peek = (): Token => tokens[pos]
  const fail = (t: Token, problem: string, hint?: string): never => {
    throw new RuleError(rule, t.column, problem, hint)
  }
  const describe = (t: Token): string =>
    t.type === 'end' ? 'the end of the rule' : t.type === 'ident' ? `"${t.value}"` : t.type === 'string' ? `the value ${JSON.stringify(t.value)}` : `"${t.type}"`

  const parseOr = (depth: number): RuleNode => {
    let left = parseAnd(depth)
    while (peek().type === '||') {
      pos++
      left = {kind: 'or', left, right: parseAnd(depth)}
    }
    return left
  }
  const parseAnd = (depth: number): RuleNode => {
    let left = parseUnary(depth)
    while (peek().type === '&&') {
      pos++
      left = {kind: 'and', left, right: parseUnary(depth)}
    }
    return left
  }
  const parseUnary = (depth: number): RuleNode => {
    const t = peek()
    if (depth > MAX_DEPTH) fail(t, `rule nests deeper than ${MAX_DEPTH} levels`)
    if (t.type === '!') {
      pos++
      return {kind: 'not', child: parseUnary(depth + 1)}
    }
    if (t.type === '(') {
      pos++
      const inner = parseOr(depth + 1)
      const close = peek()
      if (close.type !== ')') fail(close, `expected ")" to close the "(" at column ${t.column}, found ${describe(close)}`)
      pos++
      return inner
    }
    if (t.type === 'ident') return parseMatcher(t)
    return fail(t, `expected a matcher such as Host(\`...\`), "!" or "(", found ${describe(t)}`)
  }
  const parseMatcher = (t: Token & {type: 'ident'}): RuleNode => {
    const name = canonicalMatcher(t.value, syntax)
    if (!name) {
      const known = Object.keys(MATCHERS[syntax]).join(', ')
      const other = syntax === 'v3' ? canonicalMatcher(t.value, 'v2') : canonicalMatcher(t.value, 'v3')
      const hint = other ? `${other} belongs to the ${syntax === 'v3' ? 'v2' : 'v3'} rule syntax; set traefik.http.routers.<router>.ruleSyntax=${syntax === 'v3' ? 'v2' : 'v3'} or use: ${known}.` : `Known ${syntax} matchers: ${known}.`
      fail(t, `unknown matcher "${t.value}"`, hint)
    }
    pos++
    if (peek().type !== '(') fail(peek(), `expected "(" after ${t.value}, found ${describe(peek())}`)
    pos++
    const args: string[] = []
    while (peek().type !== ')') {
      const v = peek()
      if (v.type !== 'string') fail(v, `expected a quoted value in ${t.value}(...), found ${describe(v)}`, 'Quote values with backticks: Host(`example.localhost`).')
      args.push((v as {value: string}).value)
      pos++
      const sep = peek()
      if (sep.type === ')') break
      if (sep.type !== ',') fail(sep, `expected "," or ")" in ${t.value}(...), found ${describe(sep)}`)
      pos++
      if (peek().type === ')') fail(peek(), `expected a quoted value after "," in ${t.value}(...), found ")"`)
    }
    pos++
    const canonical = name!
    if (args.length === 0) fail(t, `${canonical} has no value`, `Write ${canonical}(\`...\`).`)
    if (args.some((a) => a === '')) fail(t, `${canonical} has an empty value; Traefik refuses empty arguments`)
    const [min, max] = MATCHERS[syntax][canonical]
    if (args.length < min || args.length > max) {
      const expected = min === max ? String(min) : max === Infinity ? `at least ${min}` : `${min} or ${max}`
      const hint = syntax === 'v3' && max === 1 ? 'Combine several values with || : Host(`a.localhost`) || Host(`b.localhost`).' : undefined
      fail(t, `${canonical} takes ${expected} value${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`, hint)
    }
    return {kind: 'matcher', name: canonical, args, column: t.column}
  }

  const tree = parseOr(0)
  if (peek().type !== 'end') fail(peek(), `expected "&&", "||" or the end of the rule, found ${describe(peek())}`)
  return tree
}
