import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startLoadGenerator} from '../../src/chaos/load-generator.js'

// The load generator against a plain loopback HTTP server (not one of ours): bounded by count
// and by time, paced by rate, and a refused connection counts as a failure.
let server: http.Server
let port: number
let hits = 0
const hosts = new Set<string>()

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++
    hosts.add(String(req.headers.host))
    res.statusCode = req.headers.host === 'broken.localhost' ? 502 : 200
    res.end('ok')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const target = (host: string, p = port) => ({host, proxy: 'p', address: '127.0.0.1', port: p})

describe('bounded load', () => {
  test('stops at its request count, sends the Host header of each target, 5xx counts as failed', async () => {
    hits = 0
    const load = startLoadGenerator({targets: [target('a.localhost'), target('broken.localhost')], rate: 1000, concurrency: 3, maxMs: 20_000, maxRequests: 40})
    const samples = await load.finished
    expect(samples.length).toBe(40)
    expect(hits).toBe(40)
    expect([...hosts].sort()).toEqual(['a.localhost', 'broken.localhost'])
    expect(samples.filter((s) => s.ok).length).toBe(20)
    expect(samples.filter((s) => !s.ok).every((s) => s.what === '502')).toBe(true)
  })

  test('stops at its time bound, paced by rate (never more than rate × time + concurrency)', async () => {
    const t0 = Date.now()
    const samples = await startLoadGenerator({targets: [target('a.localhost')], rate: 20, concurrency: 2, maxMs: 1000, maxRequests: 1_000_000}).finished
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(samples.length).toBeLessThanOrEqual(20 + 2)
    expect(samples.length).toBeGreaterThan(0)
  })

  test('a refused connection is a failure with its code; stop() ends it early', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const dead = (closed.address() as AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    const load = startLoadGenerator({targets: [target('a.localhost', dead)], rate: 50, concurrency: 1, maxMs: 30_000, maxRequests: 1000})
    await new Promise((r) => setTimeout(r, 300))
    const samples = await load.stop()
    expect(samples.length).toBeGreaterThan(0)
    expect(samples.length).toBeLessThan(1000)
    expect(samples.every((s) => !s.ok && s.what === 'ECONNREFUSED')).toBe(true)
  })
})
