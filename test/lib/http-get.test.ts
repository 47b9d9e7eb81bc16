import http from 'node:http'
import net from 'node:net'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {httpGet} from '../../src/lib/http-get.js'

// A real loopback server: one route answering, one never answering (a bound, silent peer).
let server: http.Server
let silent: net.Server
let base = ''
let silentUrl = ''
beforeAll(async () => {
  server = http.createServer((req, res) => (req.url === '/ok' ? res.end('{"health":"true"}') : (res.statusCode = 503, res.end('no'))))
  silent = net.createServer(() => undefined)
  await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))])
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/x`
})
afterAll(() => {
  server.close()
  silent.close()
})

describe('httpGet', () => {
  test('status and body', async () => {
    expect(await httpGet(`${base}/ok`, 1000)).toEqual({status: 200, body: '{"health":"true"}'})
    expect(await httpGet(`${base}/other`, 1000)).toEqual({status: 503, body: 'no'})
  })

  test('refused: null at once', async () => {
    const port = (silent.address() as net.AddressInfo).port
    const free = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port
        s.close(() => r(p))
      })
    })
    expect(free).not.toBe(port)
    expect(await httpGet(`http://127.0.0.1:${free}/`, 1000)).toBeNull()
  })

  test('a port that accepts and never answers: null after the timeout, not later', async () => {
    const t0 = performance.now()
    expect(await httpGet(silentUrl, 200)).toBeNull()
    expect(performance.now() - t0).toBeLessThan(5000)
  })
})
