import {describe, expect, test} from 'vitest'
import {buildRule} from '../../../src/proxy/rules/compile-rule.js'
import {canonizeHost, routingPath, toMatchRequest} from '../../../src/proxy/rules/request-view.js'

interface Req {
  method?: string
  url?: string
  host?: string
  headers?: Record<string, string | string[]>
  ip?: string
}

function matches(rule: string, r: Req): boolean {
  const headers = {host: r.host ?? 'app.localhost', ...r.headers}
  return buildRule(rule).match(toMatchRequest({method: r.method ?? 'GET', url: r.url ?? '/', headers, remoteAddress: r.ip ?? '127.0.0.1'}))
}

// [description, rule, request, expected]
const cases: Array<[string, string, Req, boolean]> = [
  ['Host matches exactly', 'Host(`app.localhost`)', {}, true],
  ['Host ignores the port', 'Host(`app.localhost`)', {host: 'app.localhost:8080'}, true],
  ['Host is case-insensitive both ways', 'Host(`App.LocalHost`)', {host: 'APP.localhost'}, true],
  ['Host tolerates a trailing dot on the request', 'Host(`app.localhost`)', {host: 'app.localhost.'}, true],
  ['Host tolerates a trailing dot on the rule', 'Host(`app.localhost.`)', {host: 'app.localhost'}, true],
  ['Host does not match a subdomain', 'Host(`app.localhost`)', {host: 'x.app.localhost'}, false],
  ['Host matches a bracketed IPv6 literal', 'Host(`::1`)', {host: '[::1]:8080'}, true],
  ['HostRegexp is unanchored like Go', 'HostRegexp(`app`)', {host: 'my-app.localhost'}, true],
  ['HostRegexp anchored', 'HostRegexp(`^[a-z]+\\.localhost$`)', {host: 'whoami.localhost:8080'}, true],
  ['HostRegexp sees the lower-cased host', 'HostRegexp(`^whoami`)', {host: 'WHOAMI.localhost'}, true],
  ['HostRegexp with (?i) flag', 'HostRegexp(`(?i)^WHO`)', {host: 'whoami.localhost'}, true],
  ['HostRegexp with \\A and \\z', 'HostRegexp(`\\Awhoami\\.localhost\\z`)', {host: 'whoami.localhost'}, true],
  ['HostRegexp POSIX class', 'HostRegexp(`^[[:alpha:]]+\\.localhost$`)', {host: 'abc.localhost'}, true],
  ['Path exact', 'Path(`/api`)', {url: '/api?x=1'}, true],
  ['Path does not match a longer path', 'Path(`/api`)', {url: '/api/v1'}, false],
  ['Path decodes non-reserved escapes', 'Path(`/foo bar`)', {url: '/foo%20bar'}, true],
  ['Path keeps reserved escapes encoded', 'Path(`/a/b`)', {url: '/a%2Fb'}, false],
  ['PathPrefix', 'PathPrefix(`/api`)', {url: '/api/v1/users'}, true],
  ['PathPrefix is a plain string prefix', 'PathPrefix(`/api`)', {url: '/apix'}, true],
  ['PathPrefix mismatch', 'PathPrefix(`/api`)', {url: '/web'}, false],
  ['PathRegexp', 'PathRegexp(`^/users/[0-9]+$`)', {url: '/users/42'}, true],
  ['PathRegexp named group (?P<id>)', 'PathRegexp(`^/u/(?P<id>[0-9]+)$`)', {url: '/u/7'}, true],
  ['Method is case-insensitive in the rule', 'Method(`post`)', {method: 'POST'}, true],
  ['Method mismatch', 'Method(`GET`)', {method: 'POST'}, false],
  ['Header exact, name case-insensitive', 'Header(`X-Env`, `dev`)', {headers: {'x-env': 'dev'}}, true],
  ['Header value is case-sensitive', 'Header(`X-Env`, `dev`)', {headers: {'x-env': 'Dev'}}, false],
  ['Header absent', 'Header(`X-Env`, `dev`)', {}, false],
  ['Header among repeated values', 'Header(`Cookie`, `b=2`)', {headers: {cookie: ['a=1', 'b=2']}}, true],
  ['HeaderRegexp', 'HeaderRegexp(`User-Agent`, `^curl/`)', {headers: {'user-agent': 'curl/8.1'}}, true],
  ['Query key and value', 'Query(`mode`, `fast`)', {url: '/?mode=fast&x=1'}, true],
  ['Query value among several', 'Query(`t`, `b`)', {url: '/?t=a&t=b'}, true],
  ['Query decodes + and %', 'Query(`q`, `a b/c`)', {url: '/?q=a+b%2Fc'}, true],
  ['Query with one value matches an empty value', 'Query(`debug`)', {url: '/?debug'}, true],
  ['Query with one value does not match a set value', 'Query(`debug`)', {url: '/?debug=1'}, false],
  ['Query missing key', 'Query(`mode`, `fast`)', {url: '/'}, false],
  ['QueryRegexp', 'QueryRegexp(`id`, `^[0-9]+$`)', {url: '/?id=123'}, true],
  ['QueryRegexp mismatch', 'QueryRegexp(`id`, `^[0-9]+$`)', {url: '/?id=abc'}, false],
  ['ClientIP single address', 'ClientIP(`127.0.0.1`)', {ip: '127.0.0.1'}, true],
  ['ClientIP CIDR', 'ClientIP(`127.0.0.0/8`)', {ip: '127.0.1.3'}, true],
  ['ClientIP CIDR miss', 'ClientIP(`10.0.0.0/8`)', {ip: '127.0.0.1'}, false],
  ['ClientIP IPv4-mapped IPv6 client', 'ClientIP(`127.0.0.1/32`)', {ip: '::ffff:127.0.0.1'}, true],
  ['ClientIP IPv6 CIDR', 'ClientIP(`fd00::/8`)', {ip: 'fd12::1'}, true],
  ['ClientIP IPv6 loopback', 'ClientIP(`::1`)', {ip: '::1'}, true],
  ['&& needs both', 'Host(`app.localhost`) && PathPrefix(`/api`)', {url: '/web'}, false],
  ['|| needs one', 'Host(`other`) || PathPrefix(`/api`)', {url: '/api'}, true],
  ['! inverts', '!Method(`POST`)', {method: 'GET'}, true],
  ['! over a group', '!(Method(`GET`) || Method(`HEAD`))', {method: 'HEAD'}, false],
  ['precedence: a || b && c with a true', 'Method(`GET`) || Method(`PUT`) && Path(`/x`)', {method: 'GET', url: '/y'}, true],
  ['parentheses change the result', '(Method(`GET`) || Method(`PUT`)) && Path(`/x`)', {method: 'GET', url: '/y'}, false],
  ['absolute-form request target', 'Path(`/p`)', {url: 'http://app.localhost/p?q'}, true],
]

describe('matchers', () => {
  test.each(cases)('%s', (_d, rule, req, expected) => {
    expect(matches(rule, req)).toBe(expected)
  })
})

describe('request view helpers', () => {
  test.each([
    ['host with port', 'Whoami.Localhost:8080', 'whoami.localhost'],
    ['bracketed IPv6 with port', '[::1]:80', '::1'],
    ['bare IPv6', '::1', '::1'],
    ['missing', undefined, ''],
  ])('canonizeHost %s', (_d, input, out) => {
    expect(canonizeHost(input)).toBe(out)
  })

  test('routingPath decodes UTF-8 escapes and keeps reserved ones upper-cased', () => {
    expect(routingPath('/caf%c3%a9/%2f%3a')).toBe('/café/%2F%3A')
  })

  test('regexps have Go (RE2) semantics: no backreferences, inline flags anywhere, \\Q…\\E', () => {
    expect(() => buildRule('PathRegexp(`(a)\\1`)')).toThrow(/invalid escape sequence/)
    expect(matches('PathRegexp(`^/a(?i)b$`)', {url: '/aB'})).toBe(true)
    expect(matches('PathRegexp(`^/\\Qa.b\\E$`)', {url: '/a.b'})).toBe(true)
    expect(matches('PathRegexp(`^/\\Qa.b\\E$`)', {url: '/axb'})).toBe(false)
  })

})
