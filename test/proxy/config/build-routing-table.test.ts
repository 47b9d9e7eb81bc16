import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {describeRoutes} from '../../../src/proxy/config/describe-routes.js'
import {normalizeName, renderDefaultRule} from '../../../src/proxy/config/default-rule.js'
import {parseTags} from '../../../src/proxy/config/parse-tags.js'
import {registration} from '../helpers/backends.js'

const reg = registration

describe('default routes', () => {
  test('a plain service gets Host(`<name>.localhost`) with priority = rule length', () => {
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'whoami', Port: 9001}), reg({ID: 'b', ServiceName: 'whoami', Port: 9002, Healthy: false})])
    expect(t.routers).toEqual([{name: 'whoami', rule: 'Host(`whoami.localhost`)', priority: 24, service: 'whoami', middlewares: [], sources: ['whoami']}])
    expect(t.services.whoami.servers.map((s) => [s.url, s.healthy])).toEqual([['http://127.0.0.1:9001', true], ['http://127.0.0.1:9002', false]])
  })

  test('names are normalised like Traefik and the template is configurable', () => {
    expect(normalizeName('my_web.app')).toBe('my-web-app')
    expect(renderDefaultRule('Host(`{{ normalize .Name }}.dev.test`) || Host(`{{ .Name }}`)', 'a_b')).toBe('Host(`a-b.dev.test`) || Host(`a_b`)')
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'my_api', Port: 1})], {defaultRule: 'PathPrefix(`/{{ normalize .Name }}`)'})
    expect(t.routers[0]).toMatchObject({name: 'my-api', rule: 'PathPrefix(`/my-api`)', service: 'my-api'})
  })

  test('exposedByDefault=false routes only traefik.enable=true; traefik.enable=false always hides', () => {
    const instances = [
      reg({ID: 'a', ServiceName: 'plain', Port: 1}),
      reg({ID: 'b', ServiceName: 'on', Port: 2, Tags: ['traefik.enable=true']}),
      reg({ID: 'c', ServiceName: 'off', Port: 3, Tags: ['traefik.enable=false']}),
    ]
    expect(buildRoutingTable(instances).routers.map((r) => r.name)).toEqual(['plain', 'on'])
    expect(buildRoutingTable(instances, {exposedByDefault: false}).routers.map((r) => r.name)).toEqual(['on'])
  })
})

describe('tags', () => {
  test('routers, priority, service, middlewares and a port override', () => {
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'api', Port: 20001, Tags: [
      'traefik.enable=true',
      'traefik.http.routers.api.rule=Host(`example.localhost`) && PathPrefix(`/api`)',
      'traefik.http.routers.api.priority=100',
      'traefik.http.routers.api.middlewares=strip@nomad, hdr',
      'traefik.http.routers.api.entrypoints=web',
      'traefik.http.services.api-svc.loadbalancer.server.port=8080',
      'traefik.http.middlewares.strip.stripprefix.prefixes=/api,/v1',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Env=dev',
      'traefik.http.middlewares.hdr.headers.customresponseheaders.X-Served-By=zdev',
      'unrelated-tag',
    ]})])
    expect(t.routers).toEqual([{name: 'api', rule: 'Host(`example.localhost`) && PathPrefix(`/api`)', priority: 100, service: 'api-svc', middlewares: ['strip', 'hdr'], entryPoints: ['web'], sources: ['api']}])
    expect(t.services['api-svc'].servers[0].url).toBe('http://127.0.0.1:8080')
    expect(t.middlewares).toEqual({
      strip: {name: 'strip', type: 'stripprefix', prefixes: ['/api', '/v1']},
      hdr: {name: 'hdr', type: 'headers', requestHeaders: {'X-Env': 'dev'}, responseHeaders: {'X-Served-By': 'zdev'}},
    })
    expect(t.warnings).toEqual([])
  })

  test('keys are case-insensitive, names keep their case', () => {
    const cfg = parseTags(['Traefik.HTTP.Routers.MyRouter.Rule=Path(`/`)', 'TRAEFIK.ENABLE=TRUE'])
    expect(cfg).toEqual({enable: true, routers: {MyRouter: {rule: 'Path(`/`)'}}, services: {}, middlewares: {}, warnings: []})
  })

  test('unknown options become warnings, not failures', () => {
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'w', Port: 1, Tags: ['traefik.http.routers.w.bogus=1', 'traefik.tcp.routers.x.rule=HostSNI(`*`)']})])
    expect(t.warnings).toEqual([
      'w: ignored tag "traefik.http.routers.w.bogus=1": unknown router option "bogus"',
      'w: ignored tag "traefik.tcp.routers.x.rule=HostSNI(`*`)": not an HTTP router, service or middleware option',
    ])
    expect(t.routers[0].error).toBeUndefined()
  })

  test('redirectscheme and addprefix', () => {
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'w', Port: 1, Tags: [
      'traefik.http.middlewares.r.redirectscheme.scheme=https', 'traefik.http.middlewares.r.redirectscheme.permanent=true',
      'traefik.http.middlewares.p.addprefix.prefix=/v2',
    ]})])
    expect(t.middlewares.r).toEqual({name: 'r', type: 'redirectscheme', scheme: 'https', permanent: true})
    expect(t.middlewares.p).toEqual({name: 'p', type: 'addprefix', prefix: '/v2'})
  })
})

describe('bad input disables one router, never the table', () => {
  const cases: Array<[string, string[], string]> = [
    ['invalid rule', ['traefik.http.routers.w.rule=Host(`a`'], 'rule "Host(`a`" column 9: expected "," or ")" in Host(...), found the end of the rule'],
    ['bad priority', ['traefik.http.routers.w.priority=high'], 'priority "high" is not a whole number'],
    ['missing middleware', ['traefik.http.routers.w.middlewares=nope'], 'middleware "nope" does not exist'],
    ['unsupported middleware', ['traefik.http.routers.w.middlewares=rl', 'traefik.http.middlewares.rl.ratelimit.average=10'], 'middleware "rl" is invalid: middleware type "ratelimit" is not supported by zdev\'s proxy (supported: stripprefix, addprefix, headers, redirectscheme)'],
    ['missing service', ['traefik.http.routers.w.service=ghost'], 'service "ghost" does not exist'],
    ['ambiguous service', ['traefik.http.routers.w.rule=Path(`/`)', 'traefik.http.services.s1.loadbalancer.server.port=1', 'traefik.http.services.s2.loadbalancer.server.port=2'], 'could not choose a service for router "w": the tags define 2 services (s1, s2); set traefik.http.routers.w.service'],
  ]
  test.each(cases)('%s', (_d, tags, error) => {
    const t = buildRoutingTable([reg({ID: 'a', ServiceName: 'w', Port: 1, Tags: tags}), reg({ID: 'b', ServiceName: 'ok', Port: 2})])
    expect(t.routers.find((r) => r.name === 'w')?.error).toBe(error)
    expect(t.routers.find((r) => r.name === 'ok')?.error).toBeUndefined()
    expect(describeRoutes(t).disabled).toEqual([{name: 'w', rule: t.routers.find((r) => r.name === 'w')!.rule, error}])
  })
})

describe('ordering, canaries and versions', () => {
  test('routers sort by priority, highest first, ties by name', () => {
    const t = buildRoutingTable([
      reg({ID: 'a', ServiceName: 'short', Port: 1, Tags: ['traefik.http.routers.short.rule=Path(`/`)']}),
      reg({ID: 'b', ServiceName: 'long', Port: 2, Tags: ['traefik.http.routers.long.rule=Path(`/`) && Method(`GET`)']}),
      reg({ID: 'c', ServiceName: 'pinned', Port: 3, Tags: ['traefik.http.routers.pinned.rule=Path(`/`)', 'traefik.http.routers.pinned.priority=1']}),
      reg({ID: 'd', ServiceName: 'also', Port: 4, Tags: ['traefik.http.routers.also.rule=Path(`/`)']}),
    ])
    expect(t.routers.map((r) => [r.name, r.priority])).toEqual([['long', 26], ['also', 9], ['short', 9], ['pinned', 1]])
  })

  test('canary instances route by their own (merged) tags next to the stable router', () => {
    const t = buildRoutingTable([
      reg({ID: 'v1', ServiceName: 'web', Port: 1}),
      reg({ID: 'v2', ServiceName: 'web', Port: 2, Canary: true, Tags: [
        'traefik.http.routers.web-canary.rule=Host(`web.localhost`) && Header(`X-Canary`, `1`)',
        'traefik.http.services.web-canary.loadbalancer.server.port=2',
      ]}),
    ])
    expect(t.routers.map((r) => `${r.name}→${r.service}`)).toEqual(['web-canary→web-canary', 'web→web'])
    expect(t.services['web-canary'].servers.map((s) => [s.id, s.canary])).toEqual([['v2', true]])
    expect(t.services.web.servers.map((s) => s.id)).toEqual(['v1'])
  })

  test('instances that disagree on a router: the definition with most healthy instances wins, with a warning', () => {
    const t = buildRoutingTable([
      reg({ID: 'a', ServiceName: 'w', Port: 1, Tags: ['traefik.http.routers.w.rule=Path(`/old`)']}),
      reg({ID: 'b', ServiceName: 'w', Port: 2, Tags: ['traefik.http.routers.w.rule=Path(`/new`)']}),
      reg({ID: 'c', ServiceName: 'w', Port: 3, Tags: ['traefik.http.routers.w.rule=Path(`/new`)']}),
    ])
    expect(t.routers.map((r) => r.rule)).toEqual(['Path(`/new`)'])
    expect(t.warnings).toEqual(['router "w" is defined differently by 2 groups of instances; using the one with rule Path(`/new`)'])
    expect(t.services.w.servers).toHaveLength(3)
  })

  test('describeRoutes lists hosts, healthy counts and instances', () => {
    const d = describeRoutes(buildRoutingTable([reg({ID: 'a', ServiceName: 'whoami', Port: 1}), reg({ID: 'b', ServiceName: 'whoami', Port: 2, Healthy: false})]))
    expect(d.routers).toEqual([{name: 'whoami', rule: 'Host(`whoami.localhost`)', priority: 24, service: 'whoami', middlewares: [], status: 'enabled', tls: false, servedOn: ['web'], hosts: ['whoami.localhost'], healthyInstances: 1, totalInstances: 2}])
    expect(d.services[0].healthy.map((s) => s.id)).toEqual(['a'])
    expect(d.services[0].unhealthy.map((s) => s.id)).toEqual(['b'])
  })
})

describe('properties', () => {
  const tag = fc.oneof(
    fc.string({maxLength: 20}),
    fc.tuple(fc.constantFrom('traefik.enable', 'traefik.http.routers.r.rule', 'traefik.http.routers.r.priority', 'traefik.http.routers.r.middlewares', 'traefik.http.routers.r.service', 'traefik.http.services.s.loadbalancer.server.port', 'traefik.http.middlewares.m.stripprefix.prefixes', 'traefik.http.middlewares.m.headers.customrequestheaders.X'), fc.string({maxLength: 12})).map(([k, v]) => `${k}=${v}`),
  )
  const instance = fc.record({id: fc.string({minLength: 1, maxLength: 4}), name: fc.constantFrom('a', 'b', 'c_d'), tags: fc.array(tag, {maxLength: 6}), healthy: fc.boolean(), port: fc.integer({min: 1, max: 65535})})

  test('any tags give a table (never a throw), sorted by priority, independent of input order', () => {
    fc.assert(fc.property(fc.array(instance, {maxLength: 6}), (xs) => {
      const regs = xs.map((x, i) => reg({ID: `${x.id}-${i}`, ServiceName: x.name, Port: x.port, Tags: x.tags, Healthy: x.healthy}))
      const t = buildRoutingTable(regs)
      for (let i = 1; i < t.routers.length; i++) expect(t.routers[i - 1].priority).toBeGreaterThanOrEqual(t.routers[i].priority)
      expect(buildRoutingTable([...regs].reverse())).toEqual(t)
    }), {numRuns: 300})
  })
})
