import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {retryVerdict} from '../../../src/proxy/server/retry-policy.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {freePort} from '../../../src/lib/ports.js'
import {registration} from '../helpers/backends.js'
import {rawExchange, startLenientUpstream, type LenientUpstream} from '../helpers/lenient-upstream.js'
import {strictRequests} from '../helpers/strict-requests.js'

describe('retryVerdict', () => {
  test.each([
    ['GET, connect failed', 'GET', false, 'connect-failed', 1, 'next-upstream'],
    ['GET, reused socket closed', 'GET', false, 'stale-socket', 1, 'same-upstream'],
    ['GET, fresh connection closed unanswered', 'GET', false, 'unanswered', 1, 'next-upstream'],
    ['GET, part of a response came', 'GET', false, 'partial-response', 1, 'give-up'],
    ['PUT without body, connect failed', 'PUT', false, 'connect-failed', 1, 'next-upstream'],
    ['PUT with a body', 'PUT', true, 'connect-failed', 1, 'give-up'],
    ['POST, connect failed', 'POST', false, 'connect-failed', 1, 'give-up'],
    ['PATCH, unanswered', 'PATCH', false, 'unanswered', 1, 'give-up'],
    ['GET after the last attempt', 'GET', false, 'connect-failed', 4, 'give-up'],
  ] as const)('%s', (_d, method, hasBody, failure, attempts, verdict) => {
    expect(retryVerdict(method, hasBody, failure, attempts)).toBe(verdict)
  })
})

describe.each([['fast lane', true], ['node:http lane', false]])('one retry policy, real sockets (%s)', (_lane, fastLane) => {
  let closer: LenientUpstream
  let good: LenientUpstream
  let proxy: ProxyHandle
  let deadPort: number
  beforeAll(async () => {
    closer = await startLenientUpstream({closeAfterRead: true})
    good = await startLenientUpstream()
    deadPort = await freePort()
    proxy = await startProxy({host: '127.0.0.1', port: 0, name: 'retry', fastLane})
  })
  afterAll(async () => {
    await proxy.close()
    await closer.close()
    await good.close()
  })
  // A fresh table per test: the balancer then tries the first instance (id "a") first.
  const route = (firstPort: number) => proxy.setRoutingTable(buildRoutingTable([
    registration({ID: 'a', ServiceName: 'web', Port: firstPort}),
    registration({ID: 'b', ServiceName: 'web', Port: good.port}),
  ]))
  let seen: {closer: number; good: number}
  beforeEach(() => {
    seen = {closer: closer.all().length, good: good.all().length}
  })
  const fresh = (u: LenientUpstream, from: number) => strictRequests(u.all().subarray(from))

  test('a GET the first upstream closes unanswered is served by the next, sent once to each', async () => {
    route(closer.port)
    const answer = await rawExchange(proxy.port, 'GET /g HTTP/1.1\r\nHost: web.localhost\r\n\r\n', /seen \d+$/)
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(fresh(closer, seen.closer).map((r) => r.target)).toEqual(['/g'])
    expect(fresh(good, seen.good).map((r) => r.target)).toEqual(['/g'])
  })

  test('a POST the first upstream closes unanswered is not sent again: 502', async () => {
    route(closer.port)
    const answer = await rawExchange(proxy.port, 'POST /p HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 2\r\n\r\nhi', /\r\n\r\n[^\r]*\n$/)
    expect(answer).toMatch(/^HTTP\/1\.1 502 Bad Gateway/)
    expect(fresh(closer, seen.closer).map((r) => [r.target, r.body])).toEqual([['/p', 'hi']])
    expect(good.all().length).toBe(seen.good)
  })

  test('a POST whose connect is refused is not retried either; a GET is', async () => {
    route(deadPort)
    const post = await rawExchange(proxy.port, 'POST /p HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 0\r\n\r\n', /\r\n\r\n[^\r]*\n$/)
    expect(post).toMatch(/^HTTP\/1\.1 502 Bad Gateway/)
    expect(good.all().length).toBe(seen.good)
    route(deadPort)
    const getAnswer = await rawExchange(proxy.port, 'GET /after HTTP/1.1\r\nHost: web.localhost\r\n\r\n', /seen \d+$/)
    expect(getAnswer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(fresh(good, seen.good).map((r) => r.target)).toEqual(['/after'])
  })
})
