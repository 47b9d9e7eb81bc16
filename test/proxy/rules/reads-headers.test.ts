import {expect, test} from 'vitest'
import {parseRule} from '../../../src/proxy/rules/parse-rule.js'
import {readsHeaders} from '../../../src/proxy/rules/reads-headers.js'

test('rules with a header matcher anywhere read headers, in both syntaxes', () => {
  const v3: Array<[string, boolean]> = [
    ['Host(`a`)', false],
    ['Host(`a`) && PathPrefix(`/x`) || Method(`GET`) && Query(`k`, `v`) && ClientIP(`127.0.0.1`)', false],
    ['Header(`X-A`, `1`)', true],
    ['Host(`a`) && !HeaderRegexp(`X-A`, `^1$`)', true],
    ['Host(`a`) || (Path(`/`) && header(`X-A`, `1`))', true],
  ]
  for (const [rule, reads] of v3) expect(readsHeaders(parseRule(rule, 'v3')), rule).toBe(reads)
  const v2: Array<[string, boolean]> = [
    ['Host(`a`, `b`) && Path(`/{id:[0-9]+}`)', false],
    ['HostHeader(`a`)', false],
    ['Headers(`X-A`, `1`)', true],
    ['Host(`a`) && HeadersRegexp(`X-A`, `.*`)', true],
  ]
  for (const [rule, reads] of v2) expect(readsHeaders(parseRule(rule, 'v2')), rule).toBe(reads)
})
