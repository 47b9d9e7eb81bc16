import {describe, expect, it} from 'vitest'
import {compileGoRegexp, GoRegexpError} from '../../src/lib/go-regexp.js'

// Expected values are Go's: regexp.MustCompile(p).MatchString / FindStringSubmatch / ReplaceAllString.
describe('Go regexp (RE2)', () => {
  it.each([
    ['(?i)^edge', 'EDGE-1', true],
    ['^edge', 'EDGE-1', false],
    ['a.c', 'xxabcxx', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'abc', false],
    ['[[:digit:]]+', 'x12', true],
    ['\\pL+', 'héllo', true],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['\\Qa.b\\E', 'axb', false],
  ])('%s matches %s: %s', (p, s, want) => {
    expect(compileGoRegexp(p).test(s)).toBe(want)
  })

  it('reports submatches, unset groups as undefined', () => {
    expect(compileGoRegexp('(a)(x)?(?P<n>b)').exec('zabz')).toEqual(['ab', 'a', undefined, 'b'])
    expect(compileGoRegexp('q').exec('zabz')).toBeNull()
  })

  it.each([
    ['(a)(?P<x>b)', 'zabzab', '[$1${x}$$]', 'z[ab$]z[ab$]'],
    ['a*', 'baaac', '-', '-b-c-'],
    ['(\\w+)@', 'me@x', '$1x', 'x'], // Go: "$1x" names the group "1x", which does not exist
    ['(\\w+)@', 'me@x', '${1}x', 'mexx'],
  ])('%s on %s with %s gives %s', (p, s, r, want) => {
    expect(compileGoRegexp(p).replaceAll(s, r)).toBe(want)
  })

  it.each(['(?=a)', '(a', 'a\\1', '*a'])('rejects %s with Go-style text', (p) => {
    expect(() => compileGoRegexp(p)).toThrow(GoRegexpError)
    expect(() => compileGoRegexp(p)).toThrow(/^error parsing regexp/)
  })
})
