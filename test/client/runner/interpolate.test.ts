import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {interpolateDeep, interpolateString} from '../../../src/client/runner/interpolate.js'
import {makeNode} from '../helpers.js'

const ctx = {env: {NOMAD_PORT_http: '20001', GREETING: 'hi', 'odd.name': 'x'}, node: makeNode()}

describe('interpolateString', () => {
  test.each([
    ['runtime env var', '--port=${NOMAD_PORT_http}', '--port=20001'],
    ['env["X"] form', '${env["GREETING"]} there', 'hi there'],
    ['node.unique.id', '${node.unique.id}', 'node-1-id'],
    ['node.unique.name', '${node.unique.name}', 'node-1'],
    ['node.datacenter', '${node.datacenter}', 'dc1'],
    ['node.class', '${node.class}', 'small'],
    ['node.pool', '${node.pool}', 'default'],
    ['attr.*', '${attr.kernel.name}', 'linux'],
    ['meta.*', 'rack=${meta.rack}', 'rack=r1'],
    ['two references', '${GREETING}:${NOMAD_PORT_http}', 'hi:20001'],
    ['unknown variable kept as written', '${NOMAD_PORT_nope} ${attr.nope}', '${NOMAD_PORT_nope} ${attr.nope}'],
    ['unterminated kept', '${GREETING', '${GREETING'],
    ['spaces inside braces', '${ GREETING }', 'hi'],
  ])('%s', (_d, input, want) => {
    expect(interpolateString(input, ctx)).toBe(want)
  })

  test('strings without ${ are unchanged', () => {
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('${')), (s) => interpolateString(s, ctx) === s))
  })
})

describe('interpolateDeep', () => {
  test('walks arrays and objects, keeps keys and non-strings', () => {
    const config = {command: '${GREETING}', args: ['-p', '${NOMAD_PORT_http}', 3], nested: {'${GREETING}': '${meta.rack}', on: true}}
    expect(interpolateDeep(config, ctx)).toEqual({command: 'hi', args: ['-p', '20001', 3], nested: {'${GREETING}': 'r1', on: true}})
  })
})
