import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {renderText, sprintf, Template} from '../../src/template/index.js'
import {goQuote} from '../../src/template/quote.js'

// Properties of Go's template semantics that hold for every input.

const noDelims = fc.string().filter((s) => !s.includes('{{'))

describe('properties', () => {
  test('text without actions renders to itself', () => {
    fc.assert(fc.property(noDelims, (s) => renderText(s) === s))
  })

  test('a string constant renders to its value (Go quoting round-trips)', () => {
    fc.assert(fc.property(fc.string(), (s) => renderText(`{{${goQuote(s)}}}`) === s))
  })

  test('{{- trims all whitespace before, -}} all whitespace after, nothing else', () => {
    const ws = fc.stringMatching(/^[ \t\r\n]*$/)
    const word = fc.stringMatching(/^[a-z]{1,5}$/)
    fc.assert(fc.property(word, ws, word, ws, word, (a, w1, b, w2, c) => renderText(`${a}${w1}{{- "${b}" -}}${w2}${c}`) === a + b + c))
  })

  test('without trim markers whitespace is kept', () => {
    const ws = fc.stringMatching(/^[ \t\n]*$/)
    fc.assert(fc.property(ws, ws, (w1, w2) => renderText(`x${w1}{{ "y" }}${w2}z`) === `x${w1}y${w2}z`))
  })

  test('range over a list visits every element once, in order', () => {
    fc.assert(fc.property(fc.array(fc.integer({min: -1000, max: 1000})), (l) => renderText('{{range .}}{{.}},{{end}}', l) === l.map((x) => `${x},`).join('')))
  })

  test('range over a map visits keys in sorted order', () => {
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.integer()), (m) => {
      const keys = Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      return renderText('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', m) === keys.map((k) => `${k}=${m[k]};`).join('')
    }))
  })

  test('eq/lt agree with JavaScript on ints and strings; exactly one of lt, eq, gt holds', () => {
    fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => {
      const out = renderText('{{lt .A .B}} {{eq .A .B}} {{gt .A .B}}', {A: a, B: b}).split(' ')
      return out.filter((x) => x === 'true').length === 1 && out[0] === String(a < b)
    }))
  })

  test('%d and %s agree with String for ints and strings; width pads to at least width', () => {
    fc.assert(fc.property(fc.integer(), fc.string(), fc.integer({min: 0, max: 30}), (n, s, w) => {
      const out = sprintf(`%${w}d|%s`, [n, s])
      const [num] = out.split('|')
      return num!.trim() === String(n) && num!.length === Math.max(w, String(n).length) && out.endsWith(`|${s}`)
    }))
  })

  test('parsing never throws anything but TemplateError', () => {
    fc.assert(fc.property(fc.string({maxLength: 40}).map((s) => `{{${s}}}`), (src) => {
      try {
        Template.parse(src)
      } catch (e) {
        expect((e as Error).name).toBe('TemplateError')
      }
    }))
  })
})
