import {describe, expect, test} from 'vitest'
import {buildRule} from '../../../src/proxy/rules/compile-rule.js'
import {toMatchRequest} from '../../../src/proxy/rules/request-view.js'
import {RuleError} from '../../../src/proxy/rules/rule-error.js'

// Traefik's v2 rule syntax (routers with ruleSyntax=v2), from Traefik v2's routers documentation:
// Headers(`key`, `value`), HeadersRegexp(`key`, `regexp`), Host(`example.com`, …), HostHeader(…),
// HostRegexp(`example.com`, `{subdomain:[a-z]+}.example.com`, …), Method(`GET`, …),
// Path(`/path`, `/articles/{category}/{id:[0-9]+}`, …), PathPrefix(…), Query(`foo=bar`, `bar=baz`),
// ClientIP(`10.0.0.0/16`, `::1`).

interface Req {
  method?: string
  url?: string
  host?: string
  headers?: Record<string, string | string[]>
  ip?: string
}

function matches(rule: string, r: Req): boolean {
  const headers = {host: r.host ?? 'example.com', ...r.headers}
  return buildRule(rule, 'v2').match(toMatchRequest({method: r.method ?? 'GET', url: r.url ?? '/', headers, remoteAddress: r.ip ?? '127.0.0.1'}))
}

const cases: Array<[string, string, Req, boolean]> = [
  ['Host with several domains matches any', 'Host(`example.com`, `example.org`)', {host: 'example.org'}, true],
  ['Host with several domains, none', 'Host(`example.com`, `example.org`)', {host: 'example.net'}, false],
  ['Host is case-insensitive and ignores the port', 'Host(`Example.COM`)', {host: 'EXAMPLE.com:8443'}, true],
  ['HostHeader is Host', 'HostHeader(`example.com`)', {}, true],
  ['HostRegexp template variable', 'HostRegexp(`{subdomain:[a-z]+}.example.com`)', {host: 'api.example.com'}, true],
  ['HostRegexp template is anchored', 'HostRegexp(`{subdomain:[a-z]+}.example.com`)', {host: 'api.example.com.evil'}, false],
  ['HostRegexp literal dots are literal', 'HostRegexp(`{sub:[a-z]+}.example.com`)', {host: 'api.exampleXcom'}, false],
  ['HostRegexp default variable pattern stops at a dot', 'HostRegexp(`{sub}.example.com`)', {host: 'a.b.example.com'}, false],
  ['HostRegexp several templates', 'HostRegexp(`example.com`, `{sub:[a-z]+}.example.org`)', {host: 'x.example.org'}, true],
  ['Path exact', 'Path(`/products`)', {url: '/products?x=1'}, true],
  ['Path is anchored at the end', 'Path(`/products`)', {url: '/products/1'}, false],
  ['Path template with a pattern', 'Path(`/articles/{category}/{id:[0-9]+}`)', {url: '/articles/news/42'}, true],
  ['Path template pattern must match', 'Path(`/articles/{category}/{id:[0-9]+}`)', {url: '/articles/news/x'}, false],
  ['Path default variable does not cross a slash', 'Path(`/a/{id}`)', {url: '/a/b/c'}, false],
  ['Path several paths', 'Path(`/a`, `/b`)', {url: '/b'}, true],
  ['PathPrefix', 'PathPrefix(`/products/`)', {url: '/products/shoes'}, true],
  ['PathPrefix template', 'PathPrefix(`/api/{version:v[0-9]+}/`)', {url: '/api/v2/users'}, true],
  ['PathPrefix template mismatch', 'PathPrefix(`/api/{version:v[0-9]+}/`)', {url: '/api/beta/users'}, false],
  ['Method list', 'Method(`GET`, `post`)', {method: 'POST'}, true],
  ['Method list mismatch', 'Method(`GET`, `HEAD`)', {method: 'DELETE'}, false],
  ['Headers exact value', 'Headers(`X-Env`, `dev`)', {headers: {'x-env': 'dev'}}, true],
  ['Headers per header line, not joined', 'Headers(`X-Env`, `dev`)', {headers: {'x-env': ['prod', 'dev']}}, true],
  ['Headers never sees the joined value', 'Headers(`X-Env`, `prod, dev`)', {headers: {'x-env': ['prod', 'dev']}}, false],
  ['HeadersRegexp unanchored', 'HeadersRegexp(`User-Agent`, `curl`)', {headers: {'user-agent': 'x curl/8'}}, true],
  ['Query key=value', 'Query(`mobile=true`)', {url: '/?mobile=true'}, true],
  ['Query all pairs must match', 'Query(`foo=bar`, `bar=baz`)', {url: '/?foo=bar'}, false],
  ['Query all pairs present', 'Query(`foo=bar`, `bar=baz`)', {url: '/?bar=baz&foo=bar'}, true],
  ['Query key= matches any value', 'Query(`debug=`)', {url: '/?debug=1'}, true],
  ['Query key= needs the key', 'Query(`debug=`)', {url: '/?other=1'}, false],
  ['Query sees only the first value of a key', 'Query(`t=b`)', {url: '/?t=a&t=b'}, false],
  ['Query template value', 'Query(`id={id:[0-9]+}`)', {url: '/?id=12'}, true],
  ['Query splits on ; as gorilla/mux does', 'Query(`b=2`)', {url: '/?a=1;b=2'}, true],
  ['ClientIP list', 'ClientIP(`10.0.0.0/16`, `127.0.0.1`)', {ip: '127.0.0.1'}, true],
  ['operators work as in v3', 'Host(`example.com`) && !Method(`POST`)', {method: 'GET'}, true],
  ['matcher names: upper-case spelling', 'PATHPREFIX(`/a`)', {url: '/a/b'}, true],
  ['matcher names: Title spelling', 'Hostregexp(`{x:[a-z]+}.com`)', {host: 'example.com'}, true],
]

describe('v2 rule syntax matchers', () => {
  test.each(cases)('%s', (_d, rule, req, expected) => {
    expect(matches(rule, req)).toBe(expected)
  })
})

describe('v2 rule syntax errors', () => {
  const errors: Array<[string, string, string]> = [
    ['v3-only matcher', 'HostSNI(`a`)', 'unknown matcher "HostSNI"'],
    ['v3 Header is not v2', 'Header(`X`, `1`)', 'unknown matcher "Header"'],
    ['Headers takes a pair', 'Headers(`X`)', 'Headers takes 2 values, got 1'],
    ['empty value', 'Host(`a`, ``)', 'Host has an empty value; Traefik refuses empty arguments'],
    ['no value', 'Path()', 'Path has no value'],
    ['unbalanced braces', 'Path(`/a/{id`)', 'Path: mux: unbalanced braces in "/a/{id"'],
    ['missing name', 'Path(`/a/{:[0-9]+}`)', 'Path: mux: missing name or pattern in "{:[0-9]+}"'],
    ['capture group in a variable', 'Path(`/a/{id:([0-9]+)}`)', 'Path: route /a/{id:([0-9]+)} contains capture groups in its regexp. Only non-capturing groups are accepted: e.g. (?:pattern) instead of (pattern)'],
    ['path without slash', 'PathPrefix(`api`)', 'PathPrefix: mux: path must start with a slash, got "api"'],
    ['query without =', 'Query(`debug`)', 'Query: mux: number of parameters must be multiple of 2, got ["debug"]'],
    ['bad variable regexp', 'Path(`/{id:[0-9}`)', 'Path: error parsing regexp: missing closing ]: `[0-9$`'],
    ['non-ASCII host', 'Host(`bücher.de`)', 'Host: invalid value "bücher.de", non-ASCII characters are not allowed'],
  ]
  test.each(errors)('%s', (_d, rule, problem) => {
    let caught: unknown
    try {
      buildRule(rule, 'v2')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(RuleError)
    expect((caught as Error).message).toBe(`rule ${JSON.stringify(rule)} column 1: ${problem}`)
  })

  test('a v2 matcher in a v3 rule says which syntax has it', () => {
    expect(() => buildRule('Headers(`X`, `1`)')).toThrow(expect.objectContaining({message: 'rule "Headers(`X`, `1`)" column 1: unknown matcher "Headers"'}))
    let caught: RuleError | undefined
    try {
      buildRule('HostHeader(`a`)')
    } catch (err) {
      caught = err as RuleError
    }
    expect(caught?.hint).toMatch(/HostHeader belongs to the v2 rule syntax; set traefik\.http\.routers\.<router>\.ruleSyntax=v2/)
  })
})
