// HCL's path and regex functions as Nomad's job parser runs them: basename/dirname are Go's
// filepath.Base/Dir, abspath is filepath.Abs against the CLI's working directory, pathexpand
// expands a leading ~, regex_replace takes Go (RE2) patterns and $1 / ${name} replacements.
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {createFunctions, goBase, goDir} from '../../src/jobspec/expr/functions.js'
import {evaluate, type Scope} from '../../src/jobspec/expr/evaluate.js'
import {parseExpression} from '../../src/jobspec/expr/parser.js'

const fns = createFunctions({uuid: () => 'u', cwd: '/work/jobs', home: '/home/dev'})
const scope: Scope = {vars: {}, locals: {}, extra: {}, functions: fns}
const run = (src: string) => evaluate(parseExpression(src), scope)

describe('Go filepath semantics', () => {
  // the examples of Go's path/filepath documentation
  test.each([
    ['/foo/bar/baz.js', '/foo/bar', 'baz.js'],
    ['/foo/bar/baz', '/foo/bar', 'baz'],
    ['/foo/bar/baz/', '/foo/bar/baz', 'baz'],
    ['/dirty//path///', '/dirty/path', 'path'],
    ['dev.txt', '.', 'dev.txt'],
    ['../todo.txt', '..', 'todo.txt'],
    ['..', '.', '..'],
    ['.', '.', '.'],
    ['/', '/', '/'],
    ['', '.', '.'],
  ])('%j: Dir %j, Base %j', (p, dir, base) => {
    expect(goDir(p)).toBe(dir)
    expect(goBase(p)).toBe(base)
  })

  const seg = fc.constantFrom('a', 'bb', '.', '..', '', 'x.y')
  const pathArb = fc.tuple(fc.boolean(), fc.array(seg, {maxLength: 6})).map(([abs, s]) => (abs ? '/' : '') + s.join('/'))

  test('Dir is clean (idempotent under another Dir of Dir + "/x"), Base has no slash unless it is "/"', () => {
    fc.assert(
      fc.property(pathArb, (p) => {
        const d = goDir(p)
        expect(goDir(`${d}/x`)).toBe(d)
        const b = goBase(p)
        expect(b === '/' || !b.includes('/')).toBe(true)
      }),
    )
  })
})

describe('HCL functions', () => {
  test('basename, dirname', () => {
    expect(run('basename("foo/bar/baz.txt")')).toBe('baz.txt')
    expect(run('dirname("foo/bar/baz.txt")')).toBe('foo/bar')
    expect(run('dirname("/a")')).toBe('/')
  })

  test('abspath joins relative paths to the working directory and cleans them', () => {
    expect(run('abspath("config/app.hcl")')).toBe('/work/jobs/config/app.hcl')
    expect(run('abspath("../x/./y/")')).toBe('/work/x/y')
    expect(run('abspath("/etc//hosts")')).toBe('/etc/hosts')
  })

  test('without a working directory or home given, abspath of a relative path and pathexpand of ~ are refused (the functions do no IO)', () => {
    const bare: Scope = {vars: {}, locals: {}, extra: {}, functions: createFunctions({uuid: () => 'u'})}
    expect(() => evaluate(parseExpression('abspath("x")'), bare)).toThrow(/working directory/)
    expect(evaluate(parseExpression('abspath("/x/../y")'), bare)).toBe('/y')
    expect(() => evaluate(parseExpression('pathexpand("~/x")'), bare)).toThrow(/home directory/)
  })

  test('pathexpand expands ~ and ~/ only', () => {
    expect(run('pathexpand("~/.ssh/id")')).toBe('/home/dev/.ssh/id')
    expect(run('pathexpand("~")')).toBe('/home/dev')
    expect(run('pathexpand("/etc/~x")')).toBe('/etc/~x')
  })

  test('regex_replace is RE2: Go classes, named groups, $1 expansion; a bad pattern is an HCL error', () => {
    expect(run('regex_replace("hello world", "(\\\\w+) (\\\\w+)", "$2 $1")')).toBe('world hello')
    expect(run('regex_replace("a1b22", "[[:digit:]]+", "#")')).toBe('a#b#')
    expect(run('regex_replace("2024-05", "(?P<y>\\\\d+)-(?P<m>\\\\d+)", "$${m}/$${y}")')).toBe('05/2024')
    expect(() => run('regex_replace("x", "(", "y")')).toThrow(/pattern/)
  })
})
