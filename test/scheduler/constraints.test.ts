import {describe, expect, test} from 'vitest'
import {checkOperand, constraintReason, globMatch, matchesNode, resolveTarget} from '../../src/scheduler/constraints.js'
import {versionMatches} from '../../src/scheduler/version.js'
import {makeNode} from './fixtures.js'

describe('checkOperand', () => {
  const cases: [string, string, string | undefined, string | undefined, boolean][] = [
    ['= equal', '=', 'linux', 'linux', true],
    ['= different', '=', 'linux', 'windows', false],
    ['== equal', '==', 'a', 'a', true],
    ['is equal', 'is', 'a', 'a', true],
    ['!= different', '!=', 'a', 'b', true],
    ['!= equal', '!=', 'a', 'a', false],
    ['not different', 'not', 'a', 'b', true],
    ['< numeric', '<', '9', '10', true],
    ['< lexical', '<', 'b', 'a', false],
    ['<= equal', '<=', '3', '3', true],
    ['> numeric', '>', '10', '9', true],
    ['>= numeric', '>=', '2', '3', false],
    ['regexp match', 'regexp', 'web-12', '^web-\\d+$', true],
    ['regexp no match', 'regexp', 'db-1', '^web', false],
    ['regexp invalid never matches', 'regexp', 'x', '(', false],
    ['regexp Go flags: (?i) case-insensitive', 'regexp', 'EDGE-1', '(?i)^edge', true],
    ['regexp Go classes: \\pL', 'regexp', 'é1', '^\\pL\\d$', true],
    ['regexp lookahead is not RE2: never matches', 'regexp', 'edge', '^(?=e)edge', false],
    ['regexp is unanchored like Go MatchString', 'regexp', 'my-edge-1', 'edge', true],
    ['set_contains all present', 'set_contains', 'a,b,c', 'a,c', true],
    ['set_contains one missing', 'set_contains', 'a,b', 'a,d', false],
    ['set_contains_any one present', 'set_contains_any', 'a,b', 'x,b', true],
    ['set_contains_any none', 'set_contains_any', 'a,b', 'x,y', false],
    ['version range', 'version', '1.2.3', '>= 1.0, < 2.0', true],
    ['version outside', 'version', '2.1.0', '>= 1.0, < 2.0', false],
    ['version pessimistic', 'version', '1.2.9', '~> 1.2.3', true],
    ['version pessimistic above', 'version', '1.3.0', '~> 1.2.3', false],
    ['version prerelease excluded', 'version', '1.3.0-beta1', '>= 1.0', false],
    ['semver strict', 'semver', '1.2.3', '>= 1.2.0', true],
    ['semver rejects short', 'semver', '1.2', '>= 1.0.0', false],
    ['semver prerelease ordering', 'semver', '1.0.0-rc.1', '< 1.0.0', true],
    ['is_set present', 'is_set', 'x', undefined, true],
    ['is_set missing', 'is_set', undefined, undefined, false],
    ['is_not_set missing', 'is_not_set', undefined, undefined, true],
    ['missing left fails =', '=', undefined, 'x', false],
    ['unknown operand fails', 'between', 'a', 'b', false],
  ]
  test.each(cases)('%s', (_d, op, l, r, want) => {
    expect(checkOperand(op, l, r)).toBe(want)
  })
})

describe('resolveTarget', () => {
  const node = makeNode(7, {NodeClass: 'gpu', Meta: {rack: 'r2'}, Datacenter: 'eu-1', NodePool: 'batch'})
  const cases: [string, string | undefined][] = [
    ['${node.unique.id}', 'node-007'],
    ['${node.unique.name}', 'n7'],
    ['${node.datacenter}', 'eu-1'],
    ['${node.class}', 'gpu'],
    ['${node.pool}', 'batch'],
    ['${attr.kernel.name}', 'linux'],
    ['${meta.rack}', 'r2'],
    ['${meta.missing}', undefined],
    ['literal', 'literal'],
  ]
  test.each(cases)('%s', (t, want) => expect(resolveTarget(t, node)).toBe(want))

  test('matchesNode and reason string', () => {
    const c = {LTarget: '${attr.kernel.name}', RTarget: 'windows', Operand: '='}
    expect(matchesNode(c, node)).toBe(false)
    expect(constraintReason(c)).toBe('${attr.kernel.name} = windows')
    expect(constraintReason({LTarget: '${meta.gpu}', RTarget: '', Operand: 'is_set'})).toBe('${meta.gpu} is_set')
  })
})

describe('globMatch and versions', () => {
  test.each([
    ['*', 'dc1', true],
    ['dc*', 'dc2', true],
    ['eu-*-1', 'eu-west-1', true],
    ['dc1', 'dc10', false],
    ['us-*', 'eu-1', false],
  ])('glob %s vs %s', (p, v, want) => expect(globMatch(p, v)).toBe(want))

  test('version with v prefix and four segments', () => {
    expect(versionMatches('v1.2.3.4', '> 1.2.3', false)).toBe(true)
    expect(versionMatches('garbage', '> 1', false)).toBe(false)
  })
})
