import type {RuleNode} from './ast.js'
import {lexRule, type Token} from './lex-rule.js'
import {MATCHER_ARITY} from './matcher-arity.js'
import {RuleError} from './rule-error.js'

const MAX_DEPTH = 64

/**
 * Parse a Traefik v3 rule into a tree. Grammar (Go expression precedence):
 *   or := and ('||' and)*   and := unary ('&&' unary)*   unary := '!' unary | '(' or ')' | Name '(' string (',' string)* ')'
 * Checks matcher names and argument counts; values are checked when compiling.
 */
export function parseRule(rule: string): RuleNode {
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
    const arity = MATCHER_ARITY[t.value]
    if (!arity) {
      const known = Object.keys(MATCHER_ARITY).join(', ')
      fail(t, `unknown matcher "${t.value}"`, `Known matchers: ${known}.`)
    }
    pos++
    if (peek().type !== '(') fail(peek(), `expected "(" after ${t.value}, found ${describe(peek())}`)
    pos++
    const args: string[] = []
    for (;;) {
      const v = peek()
      if (v.type !== 'string') fail(v, `expected a quoted value in ${t.value}(...), found ${describe(v)}`, 'Quote values with backticks: Host(`example.localhost`).')
      args.push((v as {value: string}).value)
      pos++
      const sep = peek()
      if (sep.type === ')') break
      if (sep.type !== ',') fail(sep, `expected "," or ")" in ${t.value}(...), found ${describe(sep)}`)
      pos++
    }
    pos++
    if (!arity.includes(args.length)) {
      const expected = arity.map(String).join(' or ')
      fail(t, `${t.value} takes ${expected} value${arity.length === 1 && arity[0] === 1 ? '' : 's'}, got ${args.length}`, 'Combine several values with || : Host(`a.localhost`) || Host(`b.localhost`).')
    }
    return {kind: 'matcher', name: t.value, args, column: t.column}
  }

  const tree = parseOr(0)
  if (peek().type !== 'end') fail(peek(), `expected "&&", "||" or the end of the rule, found ${describe(peek())}`)
  return tree
}
