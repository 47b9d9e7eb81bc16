import {describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {buildRule} from '../../../src/proxy/rules/compile-rule.js'
import {toMatchRequest} from '../../../src/proxy/rules/request-view.js'
import {registration} from '../helpers/backends.js'

// Traefik v3 as its rules-and-priority documentation and matcher code define it: one value per
// matcher (Header/HeaderRegexp two, Query/QueryRegexp one or two), no empty value, names in four
// spellings, header matching per header line, priority = rule length unless set (0 = default).

const match = (rule: string, headers: Record<string, string | string[]>, url = '/') =>
  buildRule(rule).match(toMatchRequest({method: 'GET', url, headers: {host: 'app.localhost', ...headers}}))

describe('v3 matcher names are case-insensitive the way Traefik registers them', () => {
  test.each(['PathPrefix', 'pathprefix', 'PATHPREFIX', 'Pathprefix'])('%s(`/api`) is PathPrefix', (name) => {
    expect(buildRule(`${name}(\`/api\`)`).tree).toMatchObject({kind: 'matcher', name: 'PathPrefix'})
  })
  test.each(['pathPrefix', 'PathPREFIX', 'hOST'])('%s is not one of the four spellings', (name) => {
    expect(() => buildRule(`${name}(\`/api\`)`)).toThrow(`unknown matcher "${name}"`)
  })
})

describe('v3 values', () => {
  test.each([
    ['Host(``)', 'Host has an empty value; Traefik refuses empty arguments'],
    ['Header(`X-A`, ``)', 'Header has an empty value; Traefik refuses empty arguments'],
    ['Query(`k`, ``)', 'Query has an empty value; Traefik refuses empty arguments'],
    ['Host()', 'Host has no value'],
    ['Host(`a`, `b`)', 'Host takes 1 value, got 2'],
    ['Method(`GET`, `POST`)', 'Method takes 1 value, got 2'],
    ['Header(`X`)', 'Header takes 2 values, got 1'],
    ['Query(`a`, `b`, `c`)', 'Query takes 1 or 2 values, got 3'],
    ['Path(`/a`,)', 'expected a quoted value after "," in Path(...), found ")"'],
  ])('%s', (rule, problem) => {
    expect(() => buildRule(rule)).toThrow(problem)
  })

  test('Header and HeaderRegexp look at each header line, never at lines joined with ", "', () => {
    expect(match('Header(`X-Env`, `dev`)', {'x-env': ['prod', 'dev']})).toBe(true)
    expect(match('Header(`X-Env`, `prod, dev`)', {'x-env': ['prod', 'dev']})).toBe(false)
    expect(match('HeaderRegexp(`X-Env`, `^dev$`)', {'x-env': ['prod', 'dev']})).toBe(true)
    expect(match('Header(`X-Env`, `prod, dev`)', {'x-env': 'prod, dev'})).toBe(true)
  })

  test('QueryRegexp with one value is Query with one value', () => {
    expect(match('QueryRegexp(`debug`)', {}, '/?debug')).toBe(true)
    expect(match('QueryRegexp(`debug`)', {}, '/?debug=1')).toBe(false)
  })
})

describe('priority and syntax per router', () => {
  const reg = (tags: string[]) => registration({ID: 'a', ServiceName: 'web', Port: 1, Tags: tags})

  test('default priority is the rule length in bytes; 0 means the default; a set one wins', () => {
    const rule = 'Host(`web.localhost`) && PathPrefix(`/é`)'
    const t = (p?: string) => buildRoutingTable([reg([`traefik.http.routers.web.rule=${rule}`, ...(p === undefined ? [] : [`traefik.http.routers.web.priority=${p}`])])]).routers[0].priority
    expect(t()).toBe(Buffer.byteLength(rule))
    expect(t('0')).toBe(Buffer.byteLength(rule))
    expect(t('-5')).toBe(-5)
    expect(t('7')).toBe(7)
  })

  test('ruleSyntax=v2 per router, proxies.rule_syntax for the platform, v3 by default', () => {
    const v2rule = 'traefik.http.routers.web.rule=Host(`a.localhost`, `b.localhost`)'
    expect(buildRoutingTable([reg([v2rule])]).routers[0].error).toMatch(/Host takes 1 value, got 2/)
    expect(buildRoutingTable([reg([v2rule, 'traefik.http.routers.web.ruleSyntax=v2'])]).routers[0]).toMatchObject({ruleSyntax: 'v2'})
    expect(buildRoutingTable([reg([v2rule, 'traefik.http.routers.web.rulesyntax=V2'])]).routers[0].error).toBeUndefined()
    expect(buildRoutingTable([reg([v2rule])], {ruleSyntax: 'v2'}).routers[0].error).toBeUndefined()
    expect(buildRoutingTable([reg([v2rule, 'traefik.http.routers.web.ruleSyntax=v3'])], {ruleSyntax: 'v2'}).routers[0].error).toMatch(/Host takes 1 value/)
    expect(buildRoutingTable([reg(['traefik.http.routers.web.ruleSyntax=v1'])]).routers[0].error).toBe('ruleSyntax "v1" is not v3 or v2')
  })
})
