import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {matchPattern, matchRoute} from '../../src/api/router.js'
import {parseBlocking, parseWait, withJitter, MAX_WAIT_MS, DEFAULT_WAIT_MS, QueryError} from '../../src/api/query.js'
import {tableOf} from '../../src/api/table-index.js'

describe('matchPattern', () => {
  test.each([
    ['/v1/job/:id', '/v1/job/web', {id: 'web'}],
    ['/v1/job/*id', '/v1/job/batch/periodic-1700000000', {id: 'batch/periodic-1700000000'}],
    ['/v1/job/*id/plan', '/v1/job/a%2Fb/plan', {id: 'a/b'}],
    ['/v1/job/*id/plan', '/v1/job/a/b/plan', {id: 'a/b'}],
    ['/v1/job/*id/plan', '/v1/job/plan', null],
    ['/v1/deployment/promote/:id', '/v1/deployment/promote/abc', {id: 'abc'}],
    ['/v1/nodes', '/v1/nodes/', {}],
    ['/v1/nodes', '/v1/node', null],
  ])('%s against %s', (pattern, path, want) => {
    expect(matchPattern(pattern, path)).toEqual(want)
  })

  test('a percent-escaped id round-trips through a * pattern', () => {
    fc.assert(
      fc.property(fc.string({minLength: 1, maxLength: 20}), (id) => {
        expect(matchPattern('/v1/job/*id/summary', `/v1/job/${encodeURIComponent(id)}/summary`)).toEqual({id})
      }),
    )
  })
})

describe('matchRoute', () => {
  const routes = [
    {methods: ['PUT', 'POST'], pattern: '/v1/job/*id/plan', handler: 'plan'},
    {methods: ['GET'], pattern: '/v1/job/*id', handler: 'read'},
    {methods: ['DELETE'], pattern: '/v1/job/*id', handler: 'stop'},
  ]
  test('the first matching pattern decides; same-pattern routes share it; else 405 or none', () => {
    expect(matchRoute(routes, 'POST', '/v1/job/web/plan')).toMatchObject({kind: 'found', route: {handler: 'plan'}})
    expect(matchRoute(routes, 'GET', '/v1/job/web/plan')).toEqual({kind: 'method', allowed: ['PUT', 'POST']})
    expect(matchRoute(routes, 'DELETE', '/v1/job/web')).toMatchObject({kind: 'found', route: {handler: 'stop'}, params: {id: 'web'}})
    expect(matchRoute(routes, 'PATCH', '/v1/job/web')).toEqual({kind: 'method', allowed: ['GET', 'DELETE']})
    expect(matchRoute(routes, 'GET', '/v1/jobs')).toEqual({kind: 'none'})
  })
})

describe('blocking query parameters (Nomad: wait defaults to 5m, at most 10m, Go durations)', () => {
  const q = (s: string) => new URLSearchParams(s)
  test.each([
    ['', null],
    ['index=0', null],
    ['index=12', {index: 12, waitMs: DEFAULT_WAIT_MS}],
    ['index=12&wait=5s', {index: 12, waitMs: 5000}],
    ['index=12&wait=1m30s', {index: 12, waitMs: 90_000}],
    ['index=12&wait=1h', {index: 12, waitMs: MAX_WAIT_MS}],
    ['index=12&wait=250ms', {index: 12, waitMs: 250}],
  ])('%s', (s, want) => {
    expect(parseBlocking(q(s))).toEqual(want)
  })
  test.each([['index=-1'], ['index=abc'], ['index=1&wait=5'], ['index=1&wait=soon']])('%s is refused', (s) => {
    expect(() => parseBlocking(q(s))).toThrow(QueryError)
  })
  test('jitter adds at most wait/16', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: MAX_WAIT_MS}), fc.double({min: 0, max: 0.999999, noNaN: true}), (w, r) => {
        const j = withJitter(w, r)
        expect(j).toBeGreaterThanOrEqual(w)
        expect(j).toBeLessThanOrEqual(w + w / 16)
      }),
    )
    expect(parseWait(null)).toBe(DEFAULT_WAIT_MS)
  })
})

describe('tableOf', () => {
  test.each([
    ['/zdev/c/jobs/web', 'jobs'],
    ['/zdev/c/allocs/node-1/a1', 'allocs'],
    ['/zdev/c/election/server', 'election'],
    ['/zdev/other/jobs/web', null],
  ])('%s → %s', (key, want) => {
    expect(tableOf('/zdev/c/', key)).toBe(want)
  })
})

describe('event stream topics (Nomad: ?topic=Topic:Key, * wildcards)', async () => {
  const {parseTopics, wanted, toEvent} = await import('../../src/api/handlers/event-stream.js')
  test('filters', () => {
    const t = parseTopics(['Job:web', 'Allocation'])
    expect(wanted(t, 'Job', 'web')).toBe(true)
    expect(wanted(t, 'Job', 'api')).toBe(false)
    expect(wanted(t, 'Allocation', 'any')).toBe(true)
    expect(wanted(t, 'Node', 'n')).toBe(false)
    expect(wanted(parseTopics(['*:*']), 'Node', 'n')).toBe(true)
    expect(wanted(parseTopics([]), 'Node', 'n')).toBe(true)
  })
  test('a KV change becomes one event; other keys none', () => {
    expect(toEvent('/zdev/c/', {type: 'put', key: '/zdev/c/jobs/web', value: '{"ID":"web","Namespace":"default"}', revision: 7})).toEqual({
      Topic: 'Job', Type: 'JobRegistered', Key: 'web', Namespace: 'default', Index: 7, Payload: {Job: {ID: 'web', Namespace: 'default'}},
    })
    expect(toEvent('/zdev/c/', {type: 'delete', key: '/zdev/c/jobs/a%2Fb', value: null, revision: 8})).toMatchObject({Type: 'JobDeregistered', Key: 'a/b', Payload: {Job: null}})
    expect(toEvent('/zdev/c/', {type: 'put', key: '/zdev/c/events/1', value: '{}', revision: 9})).toBeNull()
  })
})
