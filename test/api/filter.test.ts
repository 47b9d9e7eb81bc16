import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import type {Expr, MatchOp} from '../../src/api/filter/ast.js'
import {applyFilter, compileFilter, FilterError, FilterEvalError, filterErrorText, parseFilter, printExpr, requestFilter} from '../../src/api/filter/index.js'
import {ApiError} from '../../src/api/types.js'

// go-bexpr as Nomad documents it (api-docs "Filtering"): selectors into the JSON shape, the
// ten match operators, not/and/or with parentheses, quoted and raw strings.
const job = {
  ID: 'web-1', Name: 'web-frontend', Type: 'service', Status: 'running', Priority: 50, Stop: false, Version: 3,
  Datacenters: ['dc1', 'dc2'], Meta: {team: 'x', 'owner-id': '7'}, Tags: ['web', 'urlprefix-/'], Empty: '', NoTags: [], NoMeta: {},
  JobSummary: {Summary: {web: {Running: 2, Failed: 0}}}, Nothing: null,
}
const holds = (src: string, obj: unknown = job) => compileFilter(parseFilter(src))(obj)

describe('match operators on a job', () => {
  test.each([
    ['Status == "running"', true],
    ['Status == "dead"', false],
    ['Status != "dead"', true],
    ['Status == running', true], // a bare word value
    ['Priority == 50', true],
    ['Priority == 50.0', true],
    ['Priority != 51', true],
    ['Stop == false', true],
    ['Stop == F', true],
    ['Stop == true', false],
    ['Meta.team == "x"', true],
    ['Meta["team"] == "x"', true],
    ['Meta["owner-id"] == "7"', true],
    ['Meta.team == "y"', false],
    ['Meta.missing == "x"', false],
    ['Meta.missing != "x"', true],
    ['Missing == ""', false],
    ['"web" in Tags', true],
    ['web in Tags', true],
    ['"api" in Tags', false],
    ['"api" not in Tags', true],
    ['"web" not in Tags', false],
    ['Tags contains "web"', true],
    ['Tags not contains "web"', false],
    ['Datacenters contains dc2', true],
    ['Name contains "front"', true], // substring of a string
    ['"front" in Name', true],
    ['Meta contains "team"', true], // a map's keys
    ['"team" in Meta', true],
    ['"nobody" in Meta', false],
    ['Missing contains "x"', false],
    ['Missing not contains "x"', true],
    ['Name matches "^web"', true],
    ['Name matches "end$"', true],
    ['Name matches "^api"', false],
    ['Name not matches "^api"', true],
    ['Name matches `^web-\\w+$`', true], // raw string: backslash kept
    ['Name matches "^web-\\\\w+$"', true], // quoted: \\ is one backslash
    ['Missing matches "."', false],
    ['Missing not matches "."', true],
    ['Empty is empty', true],
    ['NoTags is empty', true],
    ['NoMeta is empty', true],
    ['Missing is empty', true],
    ['Nothing is empty', true],
    ['Tags is empty', false],
    ['Tags is not empty', true],
    ['Meta is not empty', true],
    ['Missing is not empty', false],
    ['Tags.0 == "web"', true],
    ['Tags.5 == "web"', false],
    ['JobSummary.Summary.web.Running == 2', true],
    ['JobSummary.Summary["web"].Failed == 0', true],
  ])('%s → %s', (src, want) => {
    expect(holds(src)).toBe(want)
  })
})

describe('logic', () => {
  test.each([
    ['not Status == "dead"', true],
    ['not (Status == "running")', false],
    ['Status == "running" and Priority == 50', true],
    ['Status == "running" and Priority == 51', false],
    ['Status == "dead" or Priority == 50', true],
    ['Status == "dead" or Priority == 51', false],
    // and binds tighter than or; not tighter than and
    ['Status == "dead" and Priority == 50 or Stop == false', true],
    ['Status == "dead" and (Priority == 50 or Stop == false)', false],
    ['not Status == "dead" and Stop == true', false],
    ['not (Status == "dead" and Stop == true)', true],
    ['not not Status == "running"', true],
    ['((Status == "running"))', true],
    ['"web" in Tags and Meta.team == "x" and Name matches "^web"', true],
  ])('%s → %s', (src, want) => {
    expect(holds(src)).toBe(want)
  })

  test('and/or short-circuit: a type clash on the right is not reached', () => {
    expect(holds('Status == "dead" and Priority == "high"')).toBe(false)
    expect(holds('Status == "running" or Priority == "high"')).toBe(true)
  })
})

describe('strings and values', () => {
  test('escapes in quoted strings, none in raw strings', () => {
    const o = {A: 'a"b', B: 'tab\there', C: 'back\\slash', D: 'é'}
    expect(holds('A == "a\\"b"', o)).toBe(true)
    expect(holds('B == "tab\\there"', o)).toBe(true)
    expect(holds('C == `back\\slash`', o)).toBe(true)
    expect(holds('D == "\\u00e9"', o)).toBe(true)
  })

  test('whitespace and newlines between tokens do not matter', () => {
    expect(holds('  Status==\n"running"\tand\nPriority  ==50 ')).toBe(true)
  })

  test('a field named like a keyword is reached through ["…"]', () => {
    expect(holds('Meta["in"] == "1"', {Meta: {in: '1'}})).toBe(true)
  })
})

describe('bad expressions: FilterError at the offending offset, Nomad-like text', () => {
  test.each([
    ['', 0, 'unexpected end of expression, expected an expression'],
    ['Status ==', 9, 'unexpected end of expression, expected a value'],
    ['Status = "x"', 7, 'unexpected character "="'],
    ['Status == "x', 10, 'unterminated string'],
    ['Status "x"', 7, 'unexpected "x", expected "==", "!=", "is", "contains", "matches", "not" or "in"'],
    ['(Status == "x"', 14, 'unexpected end of expression, expected ")"'],
    ['Status == "x")', 13, 'unexpected ")", expected "and", "or" or the end'],
    ['Status == "x" and', 17, 'unexpected end of expression, expected a selector, a value or "("'],
    ['Tags is full', 8, 'unexpected "full", expected "empty"'],
    ['"web" in "Tags"', 9, 'unexpected "Tags", expected a selector'],
    ['Meta[team] == "x"', 5, 'unexpected "team", expected a quoted key inside "[ ]"'],
    ['Status == "a\\q"', 12, 'invalid escape sequence \\q'],
    ['Tags not == "x"', 9, 'unexpected "==", expected "contains", "matches" or "in"'],
  ])('%j', (src, pos, msg) => {
    let err: unknown
    try {
      parseFilter(src)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FilterError)
    expect((err as FilterError).message).toBe(msg)
    expect((err as FilterError).pos).toBe(pos)
  })

  test('a bad regexp is a parse error with RE2\'s reason', () => {
    expect(() => parseFilter('Name matches "("')).toThrow(/error parsing regexp "\(": .*missing/)
  })

  test('the 400 text names line, column and offset', () => {
    try {
      requestFilter(new URLSearchParams({filter: 'Status == "x" and\n  nope'}))
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError)
      expect((err as ApiError).status).toBe(400)
      expect((err as ApiError).message).toBe('failed to read filter expression: 2:7 (24): unexpected end of expression, expected "==", "!=", "is", "contains", "matches", "not" or "in"')
    }
    expect(filterErrorText(new FilterError(0, 'x', 'm'))).toBe('failed to read filter expression: 1:1 (0): m')
  })

  test('type clashes while evaluating: FilterEvalError, a 400 through applyFilter', () => {
    expect(() => holds('Priority == "high"')).toThrow(new FilterEvalError('Priority is a number; "high" is not'))
    expect(() => holds('Stop == maybe')).toThrow(FilterEvalError)
    expect(() => holds('Tags == "web"')).toThrow('Tags is a list: use contains, in or is empty with it, not ==')
    expect(() => holds('Priority is empty')).toThrow(FilterEvalError)
    expect(() => holds('Priority matches "5"')).toThrow(FilterEvalError)
    expect(() => applyFilter([job], compileFilter(parseFilter('Priority == "high"')))).toThrow(ApiError)
  })

  test('no filter or a blank one: null (everything kept)', () => {
    expect(requestFilter(new URLSearchParams())).toBeNull()
    expect(requestFilter(new URLSearchParams({filter: '  '}))).toBeNull()
  })
})

// ---- properties over random objects and random expressions ----

const words = ['a', 'b', 'web', 'api', '']
const arbObj = fc.record(
  {
    Name: fc.constantFrom(...words, 'web-a', 'api-b'),
    Status: fc.constantFrom('running', 'pending', 'dead'),
    Count: fc.integer({min: 0, max: 3}),
    Stop: fc.boolean(),
    Tags: fc.array(fc.constantFrom(...words), {maxLength: 3}),
    Meta: fc.dictionary(fc.constantFrom('team', 'env', 'a'), fc.constantFrom(...words), {maxKeys: 2}),
  },
  {requiredKeys: ['Name']},
)

const strField = fc.constantFrom<string[]>(['Name'], ['Status'], ['Meta', 'team'], ['Meta', 'env'], ['Tags', '0'], ['Missing'])
const collField = fc.constantFrom<string[]>(['Tags'], ['Meta'], ['Name'], ['Missing'])
const word = fc.constantFrom(...words, 'running', 'dead', 'team')
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('==', '!='), selector: strField, value: word}),
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('==', '!='), selector: fc.constant<string[]>(['Count']), value: fc.constantFrom('0', '1', '2')}),
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('==', '!='), selector: fc.constant<string[]>(['Stop']), value: fc.constantFrom('true', 'false')}),
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('is empty', 'is not empty'), selector: collField}),
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('contains', 'not contains', 'in', 'not in'), selector: collField, value: word}),
  fc.record({kind: fc.constant('match' as const), op: fc.constantFrom<MatchOp>('matches', 'not matches'), selector: strField, value: fc.constantFrom('^w', 'b$', 'e', '^$', '[ab]')}),
)
const arbExpr: fc.Arbitrary<Expr> = fc.letrec<{e: Expr}>((tie) => ({
  e: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    leaf,
    fc.record({kind: fc.constant('not' as const), expr: tie('e')}),
    fc.record({kind: fc.constant('and' as const), left: tie('e'), right: tie('e')}),
    fc.record({kind: fc.constant('or' as const), left: tie('e'), right: tie('e')}),
  ),
})).e

const ev = (e: Expr, o: unknown) => compileFilter(parseFilter(printExpr(e)))(o)

describe('properties', () => {
  test('printing then parsing gives the same tree', () => {
    fc.assert(fc.property(arbExpr, (e) => {
      expect(parseFilter(printExpr(e))).toEqual(e)
    }), {numRuns: 300})
  })

  test('not (E) is the complement of E', () => {
    fc.assert(fc.property(arbExpr, arbObj, (e, o) => ev({kind: 'not', expr: e}, o) === !ev(e, o)), {numRuns: 400})
  })

  test('and/or are commutative, De Morgan holds, and distributes over or', () => {
    fc.assert(
      fc.property(arbExpr, arbExpr, arbExpr, arbObj, (a, b, c, o) => {
        const and = (l: Expr, r: Expr): Expr => ({kind: 'and', left: l, right: r})
        const or = (l: Expr, r: Expr): Expr => ({kind: 'or', left: l, right: r})
        const not = (x: Expr): Expr => ({kind: 'not', expr: x})
        expect(ev(and(a, b), o)).toBe(ev(and(b, a), o))
        expect(ev(or(a, b), o)).toBe(ev(or(b, a), o))
        expect(ev(not(and(a, b)), o)).toBe(ev(or(not(a), not(b)), o))
        expect(ev(not(or(a, b)), o)).toBe(ev(and(not(a), not(b)), o))
        expect(ev(and(a, or(b, c)), o)).toBe(ev(or(and(a, b), and(a, c)), o))
        expect(ev(and(a, b), o)).toBe(ev(a, o) && ev(b, o))
        expect(ev(or(a, b), o)).toBe(ev(a, o) || ev(b, o))
      }),
      {numRuns: 300},
    )
  })

  test('each negated operator is the complement of its positive form; "v in S" is "S contains v"', () => {
    const pairs: [MatchOp, MatchOp][] = [['==', '!='], ['is empty', 'is not empty'], ['contains', 'not contains'], ['in', 'not in'], ['matches', 'not matches']]
    fc.assert(
      fc.property(leaf, arbObj, (e, o) => {
        if (e.kind !== 'match') return
        const pair = pairs.find((p) => p.includes(e.op))!
        const other = pair[0] === e.op ? pair[1] : pair[0]
        expect(ev({...e, op: other}, o)).toBe(!ev(e, o))
        if (e.op === 'in') expect(ev({...e, op: 'contains'}, o)).toBe(ev(e, o))
      }),
      {numRuns: 500},
    )
  })

  test('"x" in Tags agrees with a plain membership check; Name matches agrees with the RE2 semantics of ^/$', () => {
    fc.assert(
      fc.property(arbObj, word, (o, w) => {
        expect(ev({kind: 'match', op: 'in', selector: ['Tags'], value: w}, o)).toBe((o.Tags ?? []).includes(w))
        expect(ev({kind: 'match', op: 'matches', selector: ['Name'], value: '^w'}, o)).toBe(o.Name.startsWith('w'))
        expect(ev({kind: 'match', op: '==', selector: ['Meta', 'team'], value: w}, o)).toBe(o.Meta !== undefined && Object.hasOwn(o.Meta, 'team') && o.Meta.team === w)
      }),
      {numRuns: 300},
    )
  })

  test('random text never crashes the parser: a tree or a FilterError', () => {
    const alphabet = fc.constantFrom('a', 'Tags', ' ', '"', '`', '(', ')', '[', ']', '.', '==', '!=', 'and', 'or', 'not', 'in', 'is', 'empty', 'contains', 'matches', '1', '\\', '-')
    fc.assert(
      fc.property(fc.array(alphabet, {maxLength: 12}), (parts) => {
        const src = parts.join(parts.length % 2 ? ' ' : '')
        try {
          parseFilter(src)
        } catch (err) {
          expect(err).toBeInstanceOf(FilterError)
          expect((err as FilterError).pos).toBeGreaterThanOrEqual(0)
          expect((err as FilterError).pos).toBeLessThanOrEqual(src.length)
        }
      }),
      {numRuns: 1000},
    )
  })
})
