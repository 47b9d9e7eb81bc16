import {describe, expect, test} from 'vitest'
import {renderText, sprintf} from '../../src/template/index.js'

// Go's predefined template functions (text/template "Functions") and fmt's verbs.

const render = (src: string, d: unknown = {}) => renderText(src, d, {name: 't'})

describe('comparisons and logic', () => {
  test.each([
    ['eq of equal strings', '{{eq "a" "a"}}', 'true'],
    ['eq with several arguments is "any"', '{{eq 3 1 2 3}} {{eq 3 1 2}}', 'true false'],
    ['ne', '{{ne 1 2}} {{ne "x" "x"}}', 'true false'],
    ['lt le gt ge on ints', '{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 3 2}}', 'true true false true'],
    ['lt on strings', '{{lt "a" "b"}} {{lt "b" "a"}}', 'true false'],
    ['ints and floats compare', '{{lt 1 1.5}} {{eq 2 2.0}}', 'true true'],
    ['eq nil nil', '{{eq .N nil}}', 'true'],
    ['and returns the first empty argument or the last', '{{and 1 0 2}} {{and 1 2 3}}', '0 3'],
    ['or returns the first non-empty argument or the last', '{{or 0 "" "x" "y"}} {{or 0 ""}}', 'x '],
    ['and/or short-circuit (Go 1.18)', '{{and 0 (index .L 9)}} {{or 1 (index .L 9)}}', '0 1'],
    ['not', '{{not 0}} {{not "x"}} {{not .L}}', 'true false false'],
  ])('%s', (_d, src, want) => {
    expect(render(src, {N: null, L: [1]})).toBe(want)
  })

  test.each([
    ['eq of a string and an int', '{{eq "1" 1}}', 'template: t:1:2: executing "t" at <eq "1" 1>: error calling eq: incompatible types for comparison'],
    ['lt of bools', '{{lt true false}}', 'template: t:1:2: executing "t" at <lt true false>: error calling lt: invalid type for comparison'],
    ['eq with one argument', '{{eq 1}}', 'error calling eq: missing argument for comparison'],
    ['lt with one argument', '{{lt 1}}', 'template: t:1:2: executing "t" at <lt 1>: wrong number of args for lt: want 2 got 1'],
  ])('%s is an error', (_d, src, msg) => {
    expect(() => render(src)).toThrow(msg)
  })
})

describe('len, index, slice', () => {
  const d = {L: ['a', 'b', 'c'], M: {k: 'v'}, S: 'héllo', NM: {a: {b: 'deep'}}}
  test.each([
    ['len of a slice, a map and a string (bytes)', '{{len .L}} {{len .M}} {{len .S}}', '3 1 6'],
    ['index into a slice', '{{index .L 1}}', 'b'],
    ['index into a map', '{{index .M "k"}}', 'v'],
    ['a missing map key indexes to nil', '{{index .M "zz"}}', '<nil>'],
    ['index several levels', '{{index .NM "a" "b"}}', 'deep'],
    ['index a string gives a byte', '{{index "abc" 1}}', '98'],
    ['slice of a slice', '{{slice .L 1}} {{slice .L 1 2}} {{slice .L}}', '[b c] [b] [a b c]'],
    ['slice of a string', '{{slice "abcdef" 2 4}}', 'cd'],
  ])('%s', (_d, src, want) => {
    expect(render(src, d)).toBe(want)
  })

  test.each([
    ['index out of range', '{{index .L 5}}', 'template: t:1:2: executing "t" at <index .L 5>: error calling index: index out of range: 5'],
    ['len of an int', '{{len 3}}', 'error calling len: len of type int'],
    ['slice with hi < lo', '{{slice .L 2 1}}', 'error calling slice: invalid slice index: 2 > 1'],
    ['index of nil', '{{index nil 1}}', 'error calling index: index of untyped nil'],
    ['3-index slice of a string', '{{slice "abc" 1 2 3}}', 'error calling slice: cannot 3-index slice a string'],
  ])('%s is an error', (_d, src, msg) => {
    expect(() => render(src, d)).toThrow(msg)
  })
})

describe('print, printf, println and the escapers', () => {
  test.each([
    ['print puts spaces between non-strings only', '{{print "a" 1 2 "b"}}', 'a1 2b'],
    ['println always separates and ends with a newline', '{{println "a" 1}}', 'a 1\n'],
    ['html', '{{html "<a href=\\"x\\">O\'Neil & co</a>"}}', '&lt;a href=&#34;x&#34;&gt;O&#39;Neil &amp; co&lt;/a&gt;'],
    ['js', '{{js "it\'s <b>\\"x\\" = 1\\\\"}}', 'it\\\'s \\u003Cb\\u003E\\"x\\" \\u003D 1\\\\'],
    ['urlquery', '{{urlquery "a b&c=d/é"}}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['escapers print several arguments like print', '{{html 1 2}}', '1 2'],
    ['call', '{{call .F 2 3}}', '5'],
  ])('%s', (_d, src, want) => {
    expect(render(src, {F: (a: number, b: number) => a + b})).toBe(want)
  })
})

describe('printf (fmt verbs)', () => {
  test.each([
    ['%s %d %v', '%s %d %v', ['x', 42, true], 'x 42 true'],
    ['%q quotes with Go escapes', '%q', ['a"b\n\x01'], '"a\\"b\\n\\x01"'],
    ['%q of an int is a rune', '%q', [97], "'a'"],
    ['%x of a string and an int', '%x %X %x', ['hi', 255, -255], '6869 FF -ff'],
    ['% x spaces bytes', '% x', ['abc'], '61 62 63'],
    ['%#x', '%#x', [255], '0xff'],
    ['width and left-justify', '[%5s][%-5s][%05d]', ['ab', 'ab', 42], '[   ab][ab   ][00042]'],
    ['precision of strings and floats', '%.2s %.3f %8.2f', ['abcdef', 3.14159, 2.5], 'ab 3.142     2.50'],
    ['%f default precision', '%f', [1.5], '1.500000'],
    ['%e and %g', '%e %g %g %g', [123456.789, 0.000012, 1e21, 100], '1.234568e+05 1.2e-05 1e+21 100'],
    ['%t', '%t %t', [true, false], 'true false'],
    ['%+d and % d', '%+d % d', [5, 5], '+5  5'],
    ['%c and %U', '%c %U', [0x263a, 0x263a], '☺ U+263A'],
    ['%b and %o', '%b %o %#o', [5, 8, 8], '101 10 010'],
    ['%v of slices and maps', '%v %v', [[1, 'a'], {b: 1, a: 2}], '[1 a] map[a:2 b:1]'],
    ['%d of a slice is element-wise', '%d', [[1, 2]], '[1 2]'],
    ['%T', '%T %T %T', ['s', 1, [1]], 'string int []interface {}'],
    ['* width', '[%*d]', [4, 7], '[   7]'],
    ['%%', '100%%', [], '100%'],
    ['wrong verb for the type', '%d %s', ['x', 5], '%!d(string=x) %!s(int=5)'],
    ['missing argument', '%s %s', ['a'], 'a %!s(MISSING)'],
    ['extra arguments', '%s', ['a', 1, 'b'], 'a%!(EXTRA int=1, string=b)'],
    ['no verb at the end', 'x%', [], 'x%!(NOVERB)'],
    ['nil', '%v %s %d', [null, null, null], '<nil> %!s(<nil>) %!d(<nil>)'],
  ])('%s', (_d, format, args, want) => {
    expect(sprintf(format, args)).toBe(want)
  })

  test('printf from a template', () => {
    expect(render('{{printf "%-6s|%3d|%.1f" .N 7 2.25}}', {N: 'web'})).toBe('web   |  7|2.2')
  })
})
