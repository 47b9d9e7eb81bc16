import {describe, expect, test} from 'vitest'
import {Unknown} from '../../src/jobspec/expr/ast.js'
import {evaluate, type Scope} from '../../src/jobspec/expr/evaluate.js'
import {evaluateString} from '../../src/jobspec/expr/template.js'
import {createFunctions} from '../../src/jobspec/expr/functions.js'
import {parseExpression} from '../../src/jobspec/expr/parser.js'

const scope: Scope = {
  vars: {name: 'web', count: 3, tags: ['a', 'b'], m: {k: 'v'}, on: true},
  locals: {env: 'prod'},
  extra: {},
  functions: createFunctions({uuid: () => 'fixed-uuid', readFile: (p) => `content of ${p}`}),
}

const ev = (src: string) => evaluate(parseExpression(src), scope)

describe('expressions', () => {
  test.each([
    ['a number literal', '42', 42],
    ['a string with escapes', '"a\\"b\\n"', 'a"b\n'],
    ['a variable', 'var.name', 'web'],
    ['a local', 'local.env', 'prod'],
    ['arithmetic with precedence', '1 + var.count * 2', 7],
    ['a comparison', 'var.count >= 3', true],
    ['a conditional', 'var.on ? "yes" : "no"', 'yes'],
    ['logical operators', '!var.on || var.count == 3', true],
    ['an index', 'var.tags[1]', 'b'],
    ['a map index', 'var.m["k"]', 'v'],
    ['a tuple', '[1, "two", true]', [1, 'two', true]],
    ['an object with bare keys', '{ a = 1, "b-c" = 2 }', {a: 1, 'b-c': 2}],
    ['a for expression', '[for s in var.tags : upper(s)]', ['A', 'B']],
    ['a for expression with a filter', '[for s in var.tags : s if s != "a"]', ['b']],
    ['an object for expression', '{for s in var.tags : s => upper(s)}', {a: 'A', b: 'B'}],
    ['a splat', '[{n = 1}, {n = 2}][*].n', [1, 2]],
    ['a nested template', '"x-${var.name}-${1 + 1}"', 'x-web-2'],
    ['negative numbers', '-var.count', -3],
    ['an expanding argument', 'concat([["a"], ["b"]]...)', ['a', 'b']],
  ])('%s: %s', (_d, src, want) => {
    expect(ev(src)).toEqual(want)
  })

  test('references other than var. and local. are Unknown', () => {
    expect(ev('attr.kernel.name')).toBeInstanceOf(Unknown)
    expect(ev('upper(meta.rack)')).toBeInstanceOf(Unknown)
  })
})

describe('templates as hcl2json leaves them', () => {
  test.each([
    ['plain text', 'hello', 'hello'],
    ['an escaped interpolation', 'a $${b} %%{c}', 'a ${b} %{c}'],
    ['one interpolation keeps its type', '${var.count}', 3],
    ['text around interpolations', 'v${var.count}-${var.name}', 'v3-web'],
    ['runtime references stay verbatim', '${attr.kernel.name}', '${attr.kernel.name}'],
    ['mixed known and runtime parts', '${var.name}:${NOMAD_PORT_http}', 'web:${NOMAD_PORT_http}'],
    ['odd spacing in a runtime reference is kept', 'with spaces ${   root.  field[  "FOO"].5  }', 'with spaces ${   root.  field[  "FOO"].5  }'],
    ['an if directive', '%{if var.on}on%{else}off%{endif}', 'on'],
    ['a for directive', '%{for t in var.tags}[${t}]%{endfor}', '[a][b]'],
    ['strip markers', 'a  ${~ var.name ~}  b', 'awebb'],
  ])('%s', (_d, text, want) => {
    expect(evaluateString(text, scope)).toEqual(want)
  })
})

describe('functions', () => {
  test.each([
    ['upper', 'upper("ab")', 'AB'],
    ['lower', 'lower("AB")', 'ab'],
    ['jsonencode', 'jsonencode({a = [1, "x"]})', '{"a":[1,"x"]}'],
    ['jsondecode', 'jsondecode("{\\"a\\":1}")', {a: 1}],
    ['base64encode', 'base64encode("hello")', 'aGVsbG8='],
    ['base64decode', 'base64decode("aGVsbG8=")', 'hello'],
    ['format', 'format("%s-%03d", "web", 7)', 'web-007'],
    ['format %q and %v', 'format("%q %v", "a", 1)', '"a" 1'],
    ['join', 'join(",", ["a", "b"], ["c"])', 'a,b,c'],
    ['concat', 'concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['merge', 'merge({a = 1, b = 2}, {b = 3})', {a: 1, b: 3}],
    ['lookup with a default', 'lookup({a = 1}, "z", 9)', 9],
    ['lookup', 'lookup({a = 1}, "a")', 1],
    ['uuidv4 is injected', 'uuidv4()', 'fixed-uuid'],
    ['uuidv5 is deterministic', 'uuidv5("dns", "example.com")', 'cfbff0d1-9375-5685-968c-48ce8b15ae17'],
    ['file reads through the injected reader', 'file("x.txt")', 'content of x.txt'],
    ['split', 'split(",", "a,b")', ['a', 'b']],
    ['replace', 'replace("a-b-c", "-", "_")', 'a_b_c'],
    ['length', 'length(["a", "b"])', 2],
    ['keys', 'keys({b = 1, a = 2})', ['a', 'b']],
    ['contains', 'contains(["a"], "a")', true],
    ['coalesce', 'coalesce("", "x")', 'x'],
    ['range', 'range(3)', [0, 1, 2]],
    ['trimspace', 'trimspace("  a ")', 'a'],
    ['tonumber', 'tonumber("12")', 12],
    ['element wraps around', 'element(["a", "b"], 3)', 'b'],
    ['flatten', 'flatten([["a"], ["b", ["c"]]])', ['a', 'b', 'c']],
    ['substr', 'substr("hello", 1, 3)', 'ell'],
  ])('%s', (_d, src, want) => {
    expect(ev(src)).toEqual(want)
  })

  test('file() without file system access says so', () => {
    const noFs: Scope = {...scope, functions: createFunctions({uuid: () => 'u'})}
    expect(() => evaluate(parseExpression('file("x")'), noFs)).toThrow('Call to function "file" failed: filesystem function disabled.')
  })

  test('an unknown function is named', () => {
    expect(() => ev('nosuch(1)')).toThrow('There is no function named "nosuch".')
  })
})
