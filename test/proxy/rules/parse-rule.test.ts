import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parseRule} from '../../../src/proxy/rules/parse-rule.js'
import {printRule} from '../../../src/proxy/rules/print-rule.js'
import {RuleError} from '../../../src/proxy/rules/rule-error.js'
import {buildRule} from '../../../src/proxy/rules/compile-rule.js'
import {rulePriority} from '../../../src/proxy/rules/rule-priority.js'

describe('parseRule: operators and precedence', () => {
  const cases: Array<[string, string, string]> = [
    ['single matcher', 'Host(`a.localhost`)', 'Host(`a.localhost`)'],
    ['double-quoted value', 'Path("/x")', 'Path(`/x`)'],
    ['&& binds tighter than ||', 'Host(`a`) || Host(`b`) && Path(`/p`)', 'Host(`a`) || Host(`b`) && Path(`/p`)'],
    ['parentheses keep a grouped ||', '(Host(`a`) || Host(`b`)) && Path(`/p`)', '(Host(`a`) || Host(`b`)) && Path(`/p`)'],
    ['left associativity needs no parentheses', 'Path(`/a`) && Path(`/b`) && Path(`/c`)', 'Path(`/a`) && Path(`/b`) && Path(`/c`)'],
    ['right-grouped same operator keeps its parentheses', 'Path(`/a`) && (Path(`/b`) && Path(`/c`))', 'Path(`/a`) && (Path(`/b`) && Path(`/c`))'],
    ['! on a matcher', '!Method(`POST`)', '!Method(`POST`)'],
    ['! on a group', '!(Host(`a`) || Host(`b`))', '!(Host(`a`) || Host(`b`))'],
    ['double negation', '!!Host(`a`)', '!!Host(`a`)'],
    ['two-value matchers', 'Header(`X-A`, `1`) && Query(`q`)', 'Header(`X-A`, `1`) && Query(`q`)'],
    ['whitespace and newlines are ignored', ' Host( `a` )\n&&\tPath(`/`) ', 'Host(`a`) && Path(`/`)'],
    ['escapes in double quotes', 'Header("X-A", "a\\"b\\x41\\u00e9")', 'Header(`X-A`, `a"bAé`)'],
    ['value with a backtick prints double-quoted', 'Header("X-A", "a`b")', 'Header(`X-A`, "a`b")'],
  ]
  test.each(cases)('%s', (_d, rule, printed) => {
    expect(printRule(parseRule(rule))).toBe(printed)
  })

  test('the tree of && / || / ! has the expected shape', () => {
    expect(parseRule('Host(`a`) || !Path(`/p`) && Method(`GET`)')).toEqual({
      kind: 'or',
      left: {kind: 'matcher', name: 'Host', args: ['a'], column: 1},
      right: {
        kind: 'and',
        left: {kind: 'not', child: {kind: 'matcher', name: 'Path', args: ['/p'], column: 15}},
        right: {kind: 'matcher', name: 'Method', args: ['GET'], column: 29},
      },
    })
  })
})

describe('parseRule and buildRule: errors name the column and the problem', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown matcher', 'Hots(`a`)', 'rule "Hots(`a`)" column 1: unknown matcher "Hots"'],
    ['missing closing paren', 'Host(`a`', 'rule "Host(`a`" column 9: expected "," or ")" in Host(...), found the end of the rule'],
    ['unclosed group', '(Host(`a`) && Path(`/`)', 'rule "(Host(`a`) && Path(`/`)" column 24: expected ")" to close the "(" at column 1, found the end of the rule'],
    ['unterminated backtick', 'Host(`a)', 'rule "Host(`a)" column 6: unterminated backtick string'],
    ['single quotes', "Host('a')", 'rule "Host(\'a\')" column 6: single quotes are not accepted'],
    ['too many values', 'Host(`a`, `b`)', 'rule "Host(`a`, `b`)" column 1: Host takes 1 value, got 2'],
    ['too few values', 'Header(`X-A`)', 'rule "Header(`X-A`)" column 1: Header takes 2 values, got 1'],
    ['dangling operator', 'Host(`a`) &&', 'rule "Host(`a`) &&" column 13: expected a matcher such as Host(`...`), "!" or "(", found the end of the rule'],
    ['single ampersand', 'Host(`a`) & Path(`/`)', 'rule "Host(`a`) & Path(`/`)" column 11: unexpected character "&"'],
    ['two matchers without operator', 'Host(`a`) Path(`/`)', 'rule "Host(`a`) Path(`/`)" column 11: expected "&&", "||" or the end of the rule, found "Path"'],
    ['empty rule', '', 'rule "" column 1: expected a matcher such as Host(`...`), "!" or "(", found the end of the rule'],
    ['unquoted value', 'Host(a)', 'rule "Host(a)" column 6: expected a quoted value in Host(...), found "a"'],
    ['bad escape', 'Path("\\q")', 'rule "Path(\\"\\\\q\\")" column 7: invalid escape "\\\\q" in double-quoted string'],
    ['path without slash', 'PathPrefix(`api`)', 'rule "PathPrefix(`api`)" column 1: PathPrefix: path "api" does not start with a "/"'],
    ['bad regexp', 'PathRegexp(`^/(a`)', 'rule "PathRegexp(`^/(a`)" column 1: PathRegexp: error parsing regexp: missing closing ): `^/(a`'],
    ['lookahead is not RE2', 'HostRegexp(`^(?=a)`)', 'rule "HostRegexp(`^(?=a)`)" column 1: HostRegexp: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['bad CIDR', 'ClientIP(`10.0.0.0/33`)', 'rule "ClientIP(`10.0.0.0/33`)" column 1: ClientIP: "10.0.0.0/33" is not an IP address or CIDR range'],
    ['non-ASCII host', 'Host(`bücher.de`)', 'rule "Host(`bücher.de`)" column 1: Host: invalid value "bücher.de", non-ASCII characters are not allowed'],
  ]
  test.each(cases)('%s', (_d, rule, message) => {
    let caught: unknown
    try {
      buildRule(rule)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(RuleError)
    expect((caught as Error).message).toBe(message)
  })
})

describe('rulePriority', () => {
  test('is the rule length in bytes (Traefik default)', () => {
    expect(rulePriority('Host(`a.localhost`)')).toBe(19)
    expect(rulePriority('Path(`/é`)')).toBe(11)
  })
})

const value = fc.string({minLength: 1, maxLength: 8})
const matcherArb = fc.oneof(
  fc.record({kind: fc.constant('matcher' as const), name: fc.constantFrom('Host', 'Path', 'Method', 'PathPrefix'), args: fc.tuple(value)}),
  fc.record({kind: fc.constant('matcher' as const), name: fc.constantFrom('Header', 'Query'), args: fc.tuple(value, value)}),
)
type Tree = {kind: 'matcher'; name: string; args: string[]} | {kind: 'not'; child: Tree} | {kind: 'and' | 'or'; left: Tree; right: Tree}
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{tree: Tree}>((tie) => ({
  tree: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    matcherArb as fc.Arbitrary<Tree>,
    fc.record({kind: fc.constant('not' as const), child: tie('tree')}),
    fc.record({kind: fc.constantFrom('and' as const, 'or' as const), left: tie('tree'), right: tie('tree')}),
  ),
})).tree

function stripColumns(n: unknown): unknown {
  if (Array.isArray(n)) return n.map(stripColumns)
  if (n && typeof n === 'object') return Object.fromEntries(Object.entries(n).filter(([k]) => k !== 'column').map(([k, v]) => [k, stripColumns(v)]))
  return n
}

describe('properties', () => {
  test('print → parse gives back the same tree, and printing is stable', () => {
    fc.assert(fc.property(treeArb, (tree) => {
      const text = printRule(tree as never)
      const parsed = parseRule(text)
      expect(stripColumns(parsed)).toEqual(stripColumns(tree))
      expect(printRule(parsed)).toBe(text)
    }), {numRuns: 500})
  })

  test('no input crashes the parser: it parses or throws RuleError', () => {
    const alphabet = fc.constantFrom('Host', 'Path', 'Header', '(', ')', '`', '"', '\\', ',', '&&', '||', '&', '|', '!', ' ', 'a', '/', "'", '\n', 'x41', 'é')
    const soup = fc.array(alphabet, {maxLength: 30}).map((xs) => xs.join(''))
    fc.assert(fc.property(fc.oneof(fc.string({maxLength: 40}), soup), (text) => {
      try {
        const t = parseRule(text)
        expect(stripColumns(parseRule(printRule(t)))).toEqual(stripColumns(t))
      } catch (err) {
        expect(err).toBeInstanceOf(RuleError)
      }
    }), {numRuns: 2000})
  })

  test('deep nesting is an error, not a stack overflow', () => {
    expect(() => parseRule('('.repeat(5000) + 'Host(`a`)' + ')'.repeat(5000))).toThrow(RuleError)
    expect(() => parseRule('!'.repeat(5000) + 'Host(`a`)')).toThrow(RuleError)
  })
})
