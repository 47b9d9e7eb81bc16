import {describe, expect, test} from 'vitest'
import {renderText, Template} from '../../src/template/index.js'

// Cases from Go's text/template documentation (package overview: actions, arguments,
// pipelines, variables, functions) and its exec tests' expectations.

const data = {
  Name: 'zed', Zero: 0, Empty: '', List: ['a', 'b', 'c'], Nil: null, Map: {two: 2, one: 1, three: 3},
  Nested: {Inner: {Value: 'deep'}}, T: true, F: false, Nums: [3, 1, 2], EmptyList: [], EmptyMap: {},
}

const render = (src: string, d: unknown = data) => renderText(src, d, {name: 't'})

describe('text and actions', () => {
  test.each([
    ['plain text passes through', 'hello\nworld', 'hello\nworld'],
    ['a field', 'hi {{.Name}}', 'hi zed'],
    ['dot itself', '{{.}}', 'x', 'x'],
    ['nested fields', '{{.Nested.Inner.Value}}', 'deep'],
    ['a missing map key prints <no value>', '{{.Nope}}', '<no value>'],
    ['a missing key below a missing key', '{{.Nope.Deeper}}', '<no value>'],
    ['nil prints <nil>', '{{.Nil}}', '<nil>'],
    ['a slice prints as Go does', '{{.List}}', '[a b c]'],
    ['a map prints sorted', '{{.Map}}', 'map[one:1 three:3 two:2]'],
    ['string constants', '{{"quoted\\tstring"}} {{`raw\\t`}}', 'quoted\tstring raw\\t'],
    ['number constants', '{{1}} {{-2}} {{0x1F}} {{1.5}} {{1e3}} {{0o17}} {{0b101}} {{1_000}}', '1 -2 31 1.5 1000 15 5 1000'],
    ['character constants are numbers', "{{'a'}} {{'\\n'}}", '97 10'],
    ['booleans and nil in arguments', '{{print true false nil}}', 'true false <nil>'],
    ['comments vanish', 'a{{/* a comment */}}b', 'ab'],
    ['multi-line comments', 'a{{/* line 1\nline 2 */}}b', 'ab'],
    ['trim left', 'a   {{- "b"}}', 'ab'],
    ['trim right', '{{"a" -}}   \n b', 'ab'],
    ['trim both, across newlines', 'x \n\t {{- "y" -}} \n\t z', 'xyz'],
    ['trimmed comment', 'a  {{- /* c */ -}}  b', 'ab'],
    ['a minus without a space is a number', '{{-3}}', '-3'],
    ['parenthesized arguments (Sprint puts no space next to a string)', '{{print (len .List) (index .List 0)}} {{print 1 2}}', '3a 1 2'],
    ['a field of a parenthesized value', '{{(index .Nested "Inner").Value}}', 'deep'],
  ])('%s', (_d, src, want, d?: unknown) => {
    expect(render(src, d ?? data)).toBe(want)
  })
})

describe('if / else if / else', () => {
  test.each([
    ['true branch', '{{if .T}}yes{{end}}', 'yes'],
    ['false without else', '{{if .F}}yes{{end}}', ''],
    ['else', '{{if .F}}yes{{else}}no{{end}}', 'no'],
    ['else if chain', '{{if .F}}1{{else if .Zero}}2{{else if .Name}}3{{else}}4{{end}}', '3'],
    ['empty values are false', '{{if .Zero}}a{{end}}{{if .Empty}}b{{end}}{{if .EmptyList}}c{{end}}{{if .EmptyMap}}d{{end}}{{if .Nil}}e{{end}}{{if .Nope}}f{{end}}', ''],
    ['non-empty values are true', '{{if 1}}a{{end}}{{if "x"}}b{{end}}{{if .List}}c{{end}}{{if .Map}}d{{end}}', 'abcd'],
    ['comparisons in conditions', '{{if eq .Name "zed"}}z{{end}}{{if and (gt 3 2) (lt 1 2)}}y{{end}}', 'zy'],
    ['a variable declared in if is visible in else', '{{if $x := .Zero}}{{$x}}{{else}}else {{$x}}{{end}}', 'else 0'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})

describe('with', () => {
  test.each([
    ['sets dot', '{{with .Nested.Inner}}{{.Value}}{{end}}', 'deep'],
    ['skips empty', '{{with .Empty}}x{{end}}', ''],
    ['else keeps the outer dot', '{{with .Empty}}x{{else}}{{.Name}}{{end}}', 'zed'],
    ['else with', '{{with .Empty}}a{{else with .Name}}{{.}}{{end}}', 'zed'],
    ['with a variable', '{{with $v := .Name}}{{$v}}-{{.}}{{end}}', 'zed-zed'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})

describe('range', () => {
  test.each([
    ['over a slice', '{{range .List}}<{{.}}>{{end}}', '<a><b><c>'],
    ['index and element', '{{range $i, $e := .List}}{{$i}}={{$e}} {{end}}', '0=a 1=b 2=c '],
    ['one variable is the element', '{{range $e := .List}}{{$e}}{{end}}', 'abc'],
    ['over a map, in key order', '{{range $k, $v := .Map}}{{$k}}:{{$v}} {{end}}', 'one:1 three:3 two:2 '],
    ['map values as dot', '{{range .Map}}{{.}}{{end}}', '132'],
    ['else on empty', '{{range .EmptyList}}x{{else}}empty{{end}}', 'empty'],
    ['else on nil', '{{range .Nil}}x{{else}}nil{{end}}', 'nil'],
    ['else on missing', '{{range .Nope}}x{{else}}none{{end}}', 'none'],
    ['over an integer', '{{range 3}}{{.}}{{end}}', '012'],
    ['break', '{{range .List}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', 'a'],
    ['continue', '{{range .List}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}', 'ac'],
    ['$ is the data inside range', '{{range .List}}{{$.Name}}{{end}}', 'zedzedzed'],
    ['nested ranges', '{{range $a := .Nums}}{{range $b := $.List}}{{$a}}{{$b}}{{end}},{{end}}', '3a3b3c,1a1b1c,2a2b2c,'],
    ['assigning an outer variable in range', '{{$n := 0}}{{range .List}}{{$n = len .}}{{end}}{{$n}}', '1'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})

describe('variables and pipelines', () => {
  test.each([
    ['declare and use', '{{$x := "v"}}{{$x}}', 'v'],
    ['assign', '{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
    ['a declaration prints nothing', '{{$x := 5}}', ''],
    ['a pipeline passes the last value', '{{"x" | printf "%s-%s" "y"}}', 'y-x'],
    ['long pipelines', '{{.Name | printf "%q" | len}}', '5'],
    ['scope ends at end', '{{with .Name}}{{$y := 1}}{{end}}{{$y := 2}}{{$y}}', '2'],
    ['variable fields', '{{$n := .Nested}}{{$n.Inner.Value}}', 'deep'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})

describe('define, template, block', () => {
  test.each([
    ['define then call with dot', '{{define "T1"}}ONE{{end}}{{define "T2"}}TWO {{template "T1"}}{{end}}{{template "T2"}}', 'TWO ONE'],
    ['template with a pipeline', '{{define "item"}}[{{.}}]{{end}}{{range .List}}{{template "item" .}}{{end}}', '[a][b][c]'],
    ['template without a pipeline has nil dot', '{{define "d"}}{{.}}{{end}}{{template "d"}}', '<no value>'],
    ['block defines and runs', '{{block "b" .Name}}<{{.}}>{{end}}', '<zed>'],
    ['a template does not see the caller\'s variables but has its own $', '{{define "v"}}{{$}}{{end}}{{$x := 1}}{{template "v" "inner"}}', 'inner'],
    ['recursion', '{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .List}}', '321'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })

  test('named templates can be executed on their own', () => {
    const t = Template.parse('main{{define "x"}}X{{.}}{{end}}', {name: 'root'})
    expect(t.templates().sort()).toEqual(['root', 'x'])
    expect(t.execute(1, undefined, 'x')).toBe('X1')
  })

  test('custom delimiters', () => {
    expect(renderText('{{ keep }} [[ .A ]] [[- " b" ]]', {A: 1}, {leftDelim: '[[', rightDelim: ']]'})).toBe('{{ keep }} 1 b')
  })

  test('structs: fields and methods, missing fields are errors', async () => {
    const {goStruct} = await import('../../src/template/index.js')
    const s = goStruct('main.T', {X: 1, Y: 'y'}, {Double: (n: unknown) => Number(n) * 2, String: () => 'T!'})
    expect(render('{{.X}} {{.Y}} {{.Double 4}} {{.}}', s)).toBe('1 y 8 T!')
    expect(() => render('{{.Z}}', s)).toThrow('template: t:1:2: executing "t" at <.Z>: can\'t evaluate field Z in type main.T')
    expect(() => render('{{.X 1}}', s)).toThrow('X has arguments but cannot be invoked as function')
  })
})
