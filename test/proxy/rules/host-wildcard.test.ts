import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {buildRule} from '../../../src/proxy/rules/compile-rule.js'
import {toMatchRequest} from '../../../src/proxy/rules/request-view.js'

// Traefik v3's rules-and-priority reference: Host(`domain`) "Supports wildcard subdomain matching
// (e.g. *.example.com, **.example.com)". Read here as: "*." is exactly one label, "**." one or more,
// only as the leftmost label. Traefik v2's Host has no wildcards: its docs use HostRegexp templates
// like HostRegexp(`{subdomain:[a-z]+}.example.com`) for that, and Host compares the name as written.

const hostMatches = (rule: string, host: string, syntax: 'v2' | 'v3' = 'v3') =>
  buildRule(rule, syntax).match(toMatchRequest({method: 'GET', url: '/', headers: {host}}))

describe('v3 Host wildcards', () => {
  test.each([
    ['a.example.com', true], ['API.Example.COM:8080', true], ['a.example.com.', true],
    ['example.com', false], ['a.b.example.com', false], ['aexample.com', false], ['a.example.org', false],
  ])('Host(`*.example.com`) and %s → %s', (host, expected) => {
    expect(hostMatches('Host(`*.example.com`)', host)).toBe(expected)
  })

  test.each([
    ['a.example.com', true], ['a.b.c.example.com', true], ['example.com', false], ['xexample.com', false],
  ])('Host(`**.example.com`) and %s → %s', (host, expected) => {
    expect(hostMatches('Host(`**.example.com`)', host)).toBe(expected)
  })

  test.each(['a.*.example.com', 'example.*', '*example.com', '***.example.com', '*.', '*.*.example.com', '*'])('Host(`%s`) is refused with the wildcard rule and a HostRegexp hint', (value) => {
    expect(() => buildRule(`Host(\`${value}\`)`)).toThrow('a wildcard is only "*." (one label) or "**." (one or more labels) in front of a domain')
  })

  test('a wildcard router and an exact one: the exact name is not a subdomain of itself', () => {
    expect(hostMatches('Host(`*.localhost`) && !Host(`admin.localhost`)', 'app.localhost')).toBe(true)
    expect(hostMatches('Host(`*.localhost`) && !Host(`admin.localhost`)', 'admin.localhost')).toBe(false)
  })

  test('property: *.d matches exactly the hosts with one more label, **.d any number more', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/)
    fc.assert(fc.property(fc.array(label, {minLength: 1, maxLength: 3}), fc.array(label, {minLength: 0, maxLength: 3}), (domain, extra) => {
      const d = domain.join('.')
      const host = [...extra, d].join('.')
      expect(hostMatches(`Host(\`*.${d}\`)`, host)).toBe(extra.length === 1)
      expect(hostMatches(`Host(\`**.${d}\`)`, host)).toBe(extra.length >= 1)
    }), {numRuns: 300})
  })
})

describe('v2 Host compares names as written (wildcards go through HostRegexp templates)', () => {
  test('Host(`*.example.com`) in v2 never matches a real subdomain', () => {
    expect(hostMatches('Host(`*.example.com`)', 'a.example.com', 'v2')).toBe(false)
  })

  test('HostRegexp(`{subdomain:[a-z]+}.example.com`) is the v2 way', () => {
    expect(hostMatches('HostRegexp(`{subdomain:[a-z]+}.example.com`)', 'abc.example.com', 'v2')).toBe(true)
    expect(hostMatches('HostRegexp(`{subdomain:[a-z]+}.example.com`)', 'a.b.example.com', 'v2')).toBe(false)
    expect(hostMatches('HostRegexp(`{subdomain:[a-z]+}.example.com`)', 'a1.example.com', 'v2')).toBe(false)
  })
})
