import http from 'node:http'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {get, registration, startBackend} from '../helpers/backends.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

async function proxyTo(port: number): Promise<ProxyHandle> {
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'fast'})
  cleanups.push(p.close)
  p.setRoutingTable(buildRoutingTable([registration({ID: 'a', ServiceName: 'web', Port: port})]))
  return p
}

/** Send raw bytes, collect everything until the server closes or `until` matches. */
function raw(port: number, bytes: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(bytes))
    let data = ''
    const timer = setTimeout(() => {
      s.destroy()
      reject(new Error(`timed out; got ${JSON.stringify(data)}`))
    }, 5000)
    s.on('data', (d) => {
      data += d.toString('latin1')
      if (until.test(data)) {
        clearTimeout(timer)
        s.destroy()
        resolve(data)
      }
    })
    s.on('end', () => {
      clearTimeout(timer)
      resolve(data)
    })
    s.on('error', reject)
  })
}

describe('fast lane and hand-over to node:http', () => {
  test('pipelined requests are answered in order on one connection', async () => {
    const b = await startBackend('p')
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const req = (path: string) => `GET ${path} HTTP/1.1\r\nHost: web.localhost\r\n\r\n`
    const out = await raw(p.port, req('/1') + req('/2') + req('/3'), /"url":"\/3"/)
    expect([...out.matchAll(/"url":"(\/\d)"/g)].map((m) => m[1])).toEqual(['/1', '/2', '/3'])
  })

  test('a chunked upload and an HTTP/1.0 request go through the node:http lane', async () => {
    const b = await startBackend('c', (req, res) => {
      let n = 0
      req.on('data', (d: Buffer) => (n += d.length))
      req.on('end', () => res.end(`got ${n} bytes over HTTP/${req.httpVersion}`))
    })
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const chunked = await raw(p.port, 'POST /u HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', /got \d+ bytes/)
    expect(chunked).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(chunked).toMatch(/got 11 bytes over HTTP\/1\.1$/)
    const old = await raw(p.port, 'GET / HTTP/1.0\r\nHost: web.localhost\r\n\r\n', /bytes/)
    expect(old).toMatch(/got 0 bytes/)
  })

  test('HEAD, 204 and a 2 MB body with backpressure keep the connection usable', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'z')
    const b = await startBackend('h', (req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204)
        res.end()
      } else {
        res.writeHead(200, {'content-length': big.length})
        res.end(req.method === 'HEAD' ? undefined : big)
      }
    })
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const agent = new http.Agent({keepAlive: true, maxSockets: 1})
    cleanups.push(async () => agent.destroy())
    const head = await get(p.port, '/big', 'web.localhost', {agent, method: 'HEAD'})
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, String(big.length), ''])
    expect((await get(p.port, '/empty', 'web.localhost', {agent})).status).toBe(204)
    const full = await get(p.port, '/big', 'web.localhost', {agent})
    expect(full.body.length).toBe(big.length)
    expect(full.socket).toBe(head.socket)
  })

  test('an upstream that silently closes idle keep-alive sockets costs no failed GET', async () => {
    // A raw backend: keep-alive without a Keep-Alive hint, closing each connection 30 ms after a reply.
    let connections = 0
    const server = net.createServer((s) => {
      connections++
      s.on('data', () => {
        s.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
        setTimeout(() => s.destroy(), 30)
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(() => r())))
    const p = await proxyTo((server.address() as AddressInfo).port)
    for (let i = 0; i < 8; i++) {
      expect((await get(p.port, '/', 'web.localhost')).body).toBe('ok')
      await new Promise((r) => setTimeout(r, 60))
    }
    expect(connections).toBe(8)
  })

  test('a response without length is delimited by close and the client is told so', async () => {
    const server = net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil close')))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(() => r())))
    const p = await proxyTo((server.address() as AddressInfo).port)
    const out = await raw(p.port, 'GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n', /$^/)
    expect(out).toBe('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nuntil close')
  })
})

describe('request targets', () => {
  test('an absolute-form target is routed by its path (through node:http)', async () => {
    const b = await startBackend('abs')
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const out = await raw(p.port, 'GET http://web.localhost/x?y=1 HTTP/1.1\r\nHost: web.localhost\r\n\r\n', /"url"/)
    expect(out).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(out).toMatch(/"url":"\/x\?y=1"/)
  })
})

describe('writes the kernel does not take at once', () => {
  test('a client that stops reading gets every pipelined response intact once it reads again', async () => {
    // 120 responses of 60 000 bytes, each filled with its own byte: several MB, more than loopback
    // buffers hold, so the proxy's writes queue and the reused out buffer must not be reused under them.
    const SIZE = 60_000
    const COUNT = 120
    const b = await startBackend('big', (req, res) => {
      const i = Number(req.url!.slice(1))
      res.writeHead(200, {'content-length': SIZE})
      res.end(Buffer.alloc(SIZE, 33 + (i % 90)))
    })
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const received = await new Promise<Buffer>((resolve, reject) => {
      const s = net.connect(p.port, '127.0.0.1')
      const chunks: Buffer[] = []
      let bytes = 0
      s.pause()
      s.on('connect', () => {
        for (let i = 0; i < COUNT; i++) s.write(`GET /${i} HTTP/1.1\r\nHost: web.localhost\r\n\r\n`)
        setTimeout(() => s.resume(), 500)
      })
      s.on('data', (d: Buffer) => {
        chunks.push(d)
        bytes += d.length
        if (bytes >= COUNT * SIZE) setTimeout(() => (s.destroy(), resolve(Buffer.concat(chunks))), 100)
      })
      s.on('error', reject)
      setTimeout(() => (s.destroy(), reject(new Error(`timed out after ${bytes} bytes`))), 10_000)
    })
    let at = 0
    for (let i = 0; i < COUNT; i++) {
      const end = received.indexOf('\r\n\r\n', at)
      const head = received.toString('latin1', at, end)
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
      expect(head.toLowerCase()).toContain(`content-length: ${SIZE}`)
      const body = received.subarray(end + 4, end + 4 + SIZE)
      expect(body.length).toBe(SIZE)
      expect(body.every((c) => c === 33 + (i % 90)), `body of response ${i}`).toBe(true)
      at = end + 4 + SIZE
    }
    expect(at).toBe(received.length)
  })

  test('more pipelined requests than the proxy buffers (reading pauses and resumes) are all answered in order', async () => {
    const COUNT = 2500 // ~100 kB of requests: past the 64 KiB the proxy holds before it stops reading
    const b = await startBackend('many', (req, res) => res.end(`r${req.url!.slice(1)};`))
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    let requests = ''
    for (let i = 0; i < COUNT; i++) requests += `GET /${i} HTTP/1.1\r\nHost: web.localhost\r\nX-Pad: ${'p'.repeat(8)}\r\n\r\n`
    expect(requests.length).toBeGreaterThan(64 * 1024)
    // Its own reader: `raw` tests its pattern against everything received on each chunk, too slow here under load.
    const last = `r${COUNT - 1};`
    const out = await new Promise<string>((resolve, reject) => {
      const s = net.connect(p.port, '127.0.0.1', () => s.write(requests))
      let data = ''
      const timer = setTimeout(() => (s.destroy(), reject(new Error(`timed out after ${data.length} bytes`))), 30_000)
      s.on('data', (d) => {
        data += d.toString('latin1')
        if (data.endsWith(last)) {
          clearTimeout(timer)
          s.destroy()
          resolve(data)
        }
      })
      s.on('error', reject)
    })
    const seen = [...out.matchAll(/r(\d+);/g)].map((m) => Number(m[1]))
    expect(seen).toEqual(Array.from({length: COUNT}, (_, i) => i))
  })
})

describe('idle client connections', () => {
  test('are closed after the keep-alive timeout, not before', async () => {
    const b = await startBackend('idle')
    cleanups.push(b.close)
    const p = await startProxy({host: '127.0.0.1', port: 0, name: 'idle', keepAliveTimeout: 400})
    cleanups.push(p.close)
    p.setRoutingTable(buildRoutingTable([registration({ID: 'a', ServiceName: 'web', Port: b.port})]))
    const started = performance.now()
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const s = net.connect(p.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n'))
      s.on('data', () => undefined)
      s.on('close', () => resolve(performance.now() - started))
      s.on('error', reject)
      setTimeout(() => reject(new Error('still open after 3 s')), 3000)
    })
    expect(closedAfter).toBeGreaterThanOrEqual(350)
    expect(closedAfter).toBeLessThan(2000)
  })
})
