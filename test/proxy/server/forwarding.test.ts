import http from 'node:http'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {freePort} from '../../../src/lib/ports.js'
import {get, registration, startBackend, type Backend} from '../helpers/backends.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

async function backends(n: number, prefix = 'b'): Promise<Backend[]> {
  const out: Backend[] = []
  for (let i = 0; i < n; i++) {
    const b = await startBackend(`${prefix}${i}`)
    cleanups.push(b.close)
    out.push(b)
  }
  return out
}

let fastLane = true
async function proxy(): Promise<ProxyHandle> {
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'test-proxy', fastLane})
  cleanups.push(p.close)
  return p
}

describe.each([['fast lane', true], ['node:http + undici lane', false]])('forwarding through real backends (%s)', (_lane, fast) => {
  beforeEach(() => {
    fastLane = fast
  })
  test('round robin spreads 300 requests evenly over three instances', async () => {
    const bs = await backends(3)
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable(bs.map((b, i) => registration({ID: `w${i}`, ServiceName: 'whoami', Port: b.port}))))
    const counts: Record<string, number> = {}
    for (let i = 0; i < 300; i++) {
      const r = await get(p.port, '/', 'whoami.localhost:8080')
      expect(r.status).toBe(200)
      const id = JSON.parse(r.body).id as string
      counts[id] = (counts[id] ?? 0) + 1
    }
    expect(counts).toEqual({b0: 100, b1: 100, b2: 100})
    expect(p.stats().perRouter).toEqual({whoami: 300})
    expect(p.stats().perStatusClass['2xx']).toBe(300)
  })

  test('weights from tags shape the spread', async () => {
    const bs = await backends(2)
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable([
      registration({ID: 'a', ServiceName: 'web', Port: bs[0].port, Tags: ['traefik.http.services.web.loadbalancer.server.weight=3']}),
      registration({ID: 'b', ServiceName: 'web', Port: bs[1].port}),
    ]))
    const counts: Record<string, number> = {}
    for (let i = 0; i < 40; i++) {
      const id = JSON.parse((await get(p.port, '/', 'web.localhost')).body).id as string
      counts[id] = (counts[id] ?? 0) + 1
    }
    expect(counts).toEqual({b0: 30, b1: 10})
  })

  test('unhealthy instances get no traffic', async () => {
    const bs = await backends(3)
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable(bs.map((b, i) => registration({ID: `w${i}`, ServiceName: 'whoami', Port: b.port, Healthy: i !== 1}))))
    const seen = new Set<string>()
    for (let i = 0; i < 30; i++) seen.add(JSON.parse((await get(p.port, '/', 'whoami.localhost')).body).id)
    expect([...seen].sort()).toEqual(['b0', 'b2'])
  })

  test('404 names host and path, 503 names the service, 502 names router, service and instance', async () => {
    const [b] = await backends(1)
    const closedPort = await freePort()
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable([
      registration({ID: 'ok', ServiceName: 'ok', Port: b.port}),
      registration({ID: 'sick', ServiceName: 'sick', Port: b.port, Healthy: false}),
      registration({ID: 'gone', ServiceName: 'gone', Port: closedPort, AllocID: 'alloc-9', NodeID: 'node-3'}),
    ]))
    const notFound = await get(p.port, '/x?y=1', 'nope.localhost')
    expect(notFound.status).toBe(404)
    expect(notFound.headers['x-zdev-proxy-error']).toBe('no-route')
    expect(notFound.body).toBe('zdev proxy "test-proxy": no router matches host "nope.localhost" and path "/x" (3 routers enabled; run "zdev routes" to list them)\n')
    const unavailable = await get(p.port, '/', 'sick.localhost')
    expect(unavailable.status).toBe(503)
    expect(unavailable.body).toBe('zdev proxy "test-proxy": router "sick": service "sick" has no healthy instance (1 registered, 0 healthy)\n')
    const bad = await get(p.port, '/', 'gone.localhost')
    expect(bad.status).toBe(502)
    expect(bad.body).toMatch(new RegExp(`^zdev proxy "test-proxy": router "gone" could not reach service "gone" instance gone at http://127.0.0.1:${closedPort} \\(alloc alloc-9, node node-3\\): ECONNREFUSED`))
  })

  test('retries idempotent requests on another instance when one port is closed: no client-visible failure', async () => {
    const bs = await backends(2)
    const closedPort = await freePort()
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable([
      registration({ID: 'a', ServiceName: 'web', Port: bs[0].port}),
      registration({ID: 'dead', ServiceName: 'web', Port: closedPort}),
      registration({ID: 'b', ServiceName: 'web', Port: bs[1].port}),
    ]))
    const statuses = new Map<number, number>()
    for (let i = 0; i < 60; i++) {
      const r = await get(p.port, '/', 'web.localhost')
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    }
    expect([...statuses]).toEqual([[200, 60]])
    expect(p.stats().retries).toBeGreaterThanOrEqual(1)
  })

  test('forwards X-Forwarded-* headers, the original Host and a streamed POST body', async () => {
    const [b] = await backends(1)
    const p = await proxy()
    p.setRoutingTable(buildRoutingTable([registration({ID: 'a', ServiceName: 'web', Port: b.port})]))
    const r = await get(p.port, '/echo?q=1', 'Web.localhost:8080', {method: 'POST', body: 'x'.repeat(100_000), headers: {'x-forwarded-for': '6.6.6.6'}})
    const seen = JSON.parse(r.body)
    expect(seen.url).toBe('/echo?q=1')
    expect(seen.headers.host).toBe('Web.localhost:8080')
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1')
    expect(seen.headers['x-forwarded-proto']).toBe('http')
    expect(seen.headers['x-forwarded-host']).toBe('Web.localhost:8080')
    expect(seen.headers['content-length']).toBe('100000')
  })

  test('a keep-alive client connection opened before ten table swaps is still served after them', async () => {
    const bs = await backends(2)
    const p = await proxy()
    const table = (n: number) => buildRoutingTable([registration({ID: `v${n}`, ServiceName: 'web', Port: bs[n % 2].port, Tags: [`version=${n}`]})])
    p.setRoutingTable(table(0))
    const agent = new http.Agent({keepAlive: true, maxSockets: 1})
    cleanups.push(async () => agent.destroy())
    const first = await get(p.port, '/', 'web.localhost', {agent})
    for (let n = 1; n <= 10; n++) {
      p.setRoutingTable(table(n))
      const r = await get(p.port, '/', 'web.localhost', {agent})
      expect(r.status).toBe(200)
      expect(JSON.parse(r.body).id).toBe(`b${n % 2}`)
      expect(r.socket).toBe(first.socket)
    }
    expect(p.stats().tableSwaps).toBe(11)
  })
})
