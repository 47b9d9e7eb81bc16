import {describe, expect, test} from 'vitest'
import {renderText, Template, TemplateError} from '../../src/template/index.js'

// Errors name the template, the line and Go's column (the byte offset in the line), and use
// Go's wording: parse errors as text/template/parse reports them, execution errors as
// "executing NAME at <node>: …".

describe('parse errors', () => {
  test.each([
    ['unclosed action', 'a {{ .X', 'template: t:1:2: unclosed action'],
    ['unknown function', '{{ nope 1 }}', 'template: t:1:3: function "nope" not defined'],
    ['undefined variable', 'x\n{{ $v }}', 'template: t:2:3: undefined variable "$v"'],
    ['a variable used after its scope', '{{ with $x := 1 }}{{ end }}{{ $x }}', 'template: t:1:30: undefined variable "$x"'],
    ['end without a block', '{{ end }}', 'template: t:1:3: unexpected {{end}}'],
    ['else without a block', '{{ else }}', 'template: t:1:3: unexpected {{else}}'],
    ['missing end', '{{ if 1 }}x', 'template: t:1:11: unexpected EOF'],
    ['if without a condition', '{{ if }}{{ end }}', 'template: t:1:6: missing value for if'],
    ['range with three variables', '{{ range $a, $b, $c := . }}{{ end }}', 'template: t:1:15: too many declarations in range'],
    ['template name must be a string', '{{ template .X }}', 'template: t:1:12: unexpected ".X" in template clause'],
    ['break outside range', '{{ break }}', 'template: t:1:3: {{break}} outside {{range}}'],
    ['continue outside range', '{{ if 1 }}{{ continue }}{{ end }}', 'template: t:1:13: {{continue}} outside {{range}}'],
    ['non-executable pipeline stage', '{{ "x" | "y" }}', 'template: t:1:9: non executable command in pipeline stage 2'],
    ['unterminated string', '{{ "abc }}', 'template: t:1:3: unterminated quoted string'],
    ['unclosed comment', '{{/* x', 'template: t:1:0: unclosed comment'],
    ['comment not closed by the delimiter', '{{/* x */ y}}', 'template: t:1:0: comment ends before closing delimiter'],
    ['bad number', '{{ 1x }}', 'template: t:1:3: bad number syntax: "1x"'],
    ['unexpected character', '{{ # }}', 'template: t:1:3: unrecognized character in action: "#"'],
    ['duplicate define', '{{define "a"}}x{{end}}{{define "a"}}y{{end}}', 'template: t:1:31: template: multiple definition of template "a"'],
    ['column counts bytes in the line', 'é {{ nope }}', 'template: t:1:6: function "nope" not defined'],
    ['unclosed paren', '{{ (len "a" }}', 'template: t:1:12: unclosed left paren'],
  ])('%s', (_d, src, msg) => {
    let err: unknown
    try {
      Template.parse(src, {name: 't'})
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(TemplateError)
    expect((err as Error).message).toBe(msg)
  })

  test('the error carries name, line and column as fields', () => {
    try {
      Template.parse('ok\n\n  {{ bad }}', {name: 'web.tpl'})
      expect.unreachable()
    } catch (e) {
      expect(e).toMatchObject({templateName: 'web.tpl', line: 3, col: 5, detail: 'function "bad" not defined'})
    }
  })
})

describe('execution errors', () => {
  const d = {S: 'str', L: [1], N: null, F: () => 1}
  test.each([
    ['a field of a string', '{{ .S.X }}', 'template: t:1:3: executing "t" at <.S.X>: can\'t evaluate field X in type string'],
    ['a field of nil', '{{ .N.X }}', 'template: t:1:3: executing "t" at <.N.X>: nil pointer evaluating interface {}.X'],
    ['arguments to a non-function', '{{ .S 1 }}', 'template: t:1:3: executing "t" at <.S>: S is not a method but has arguments'],
    ['wrong arity', '{{ len 1 2 }}', 'template: t:1:3: executing "t" at <len 1 2>: wrong number of args for len: want 1 got 2'],
    ['range over a string', 'a\n{{ range .S }}{{ end }}', 'template: t:2:3: executing "t" at <{{range .S}}>: range can\'t iterate over str'],
    ['undefined template', '{{ template "nope" }}', 'template: t:1:3: executing "t" at <{{template "nope"}}>: template "nope" not defined'],
    ['printing a function', '{{ .F }}', 'template: t:1:3: executing "t" at <{{.F}}>: can\'t print {{.F}} of type func'],
    ['nil is not a command', '{{ nil }}', 'template: t:1:3: executing "t" at <nil>: nil is not a command'],
    ['long node text is cut at 20 characters', '{{ index .L 1 2 3 4 5 6 7 8 9 }}', 'executing "t" at <index .L 1 2 3 4 5 6...>: error calling index'],
    ['infinite recursion stops', '{{define "r"}}{{template "r"}}{{end}}{{template "r"}}', 'exceeded maximum template depth (1000)'],
  ])('%s', (_d, src, msg) => {
    expect(() => renderText(src, d, {name: 't'})).toThrow(msg)
  })

  test('err_missing_key makes a missing key an error', () => {
    expect(() => renderText('{{ .Nope }}', {}, {name: 't', errMissingKey: true})).toThrow('template: t:1:3: executing "t" at <.Nope>: map has no entry for key "Nope"')
  })
})
