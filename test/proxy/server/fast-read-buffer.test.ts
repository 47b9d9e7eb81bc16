// The fast lane reads every client socket into one shared buffer: whatever outlives a read (a
// partial head, pipelined requests, upload bytes, the head kept for a retry, bytes after a
// hand-over to node:http) must be a copy. Each test lets other reads overwrite that buffer
// before the kept bytes are used, and checks them byte for byte.
import crypto from 'node:crypto'
import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import {afterEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {registration, startBackend} from '../helpers/backends.js'
import {startLenientUpstream} from '../helpers/lenient-upstream.js'
import {strictRequests} from '../helpers/strict-requests.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

async function proxyTo(...ports: number[]): Promise<ProxyHandle> {
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'reads'})
  cleanups.push(p.close)
  p.setRoutingTable(buildRoutingTable(ports.map((port, i) => registration({ID: String.fromCharCode(97 + i), ServiceName: 'web', Port: port}))))
  return p
}

/** Deterministic bytes (xorshift), so that a misplaced or overwritten run shows in the hash. */
function pattern(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size)
  let x = seed | 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s))
    s.on('error', reject)
    cleanups.push(async () => void s.destroy())
  })
}

/** Read from `s` until `done(all bytes so far)` holds, or fail after `ms`. */
function readUntil(s: net.Socket, done: (all: Buffer) => boolean, ms = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const timer = setTimeout(() => reject(new Error(`timed out after ${Buffer.concat(chunks).length} bytes`)), ms)
    s.on('data', (d: Buffer) => {
      chunks.push(d)
      const all = Buffer.concat(chunks)
      if (done(all)) {
        clearTimeout(timer)
        resolve(all)
      }
    })
  })
}

/** A backend answering each request with its method, URL and the sha256 and length of its body. */
async function hashingBackend(): Promise<number> {
  const b = await startBackend('hash', (req, res) => {
    const h = crypto.createHash('sha256')
    let n = 0
    req.on('data', (d: Buffer) => {
      h.update(d)
      n += d.length
    })
    req.on('end', () => res.end(`${req.method} ${req.url} ${n} ${h.digest('hex')};`))
  })
  cleanups.push(b.close)
  return b.port
}

describe('bytes that outlive a read are the client’s own', () => {
  test('pipelined requests with bodies, sent in fragments that split heads and bodies anywhere, are answered in order and intact', async () => {
    const p = await proxyTo(await hashingBackend())
    const bodies = Array.from({length: 24}, (_, i) => pattern((i * 977) % 5000, i + 1))
    const wire = Buffer.concat(bodies.map((b, i) => Buffer.concat([
      Buffer.from(b.length > 0 ? `POST /r${i} HTTP/1.1\r\nHost: web.localhost\r\nX-Pad: ${'x'.repeat(i * 7)}\r\nContent-Length: ${b.length}\r\n\r\n` : `GET /r${i} HTTP/1.1\r\nHost: web.localhost\r\n\r\n`),
      b,
    ])))
    // A second client keeps writing its own requests in between: its reads overwrite the shared buffer.
    const other = await connect(p.port)
    other.resume()
    const s = await connect(p.port)
    const expected = bodies.map((b, i) => `${b.length > 0 ? 'POST' : 'GET'} /r${i} ${b.length} ${sha(b)};`).join('')
    const answered = readUntil(s, (all) => all.toString('latin1').includes(`/r${bodies.length - 1} `) && all.toString('latin1').endsWith(';'))
    const sizes = pattern(400, 99)
    for (let at = 0, k = 0; at < wire.length; k++) {
      const n = 1 + (sizes[k % sizes.length] * 37) % 1500
      s.write(wire.subarray(at, at + n))
      other.write('GET /noise HTTP/1.1\r\nHost: web.localhost\r\nX-Noise: ' + 'n'.repeat(n % 300) + '\r\n\r\n')
      at += n
      await sleep(1)
    }
    const text = (await answered).toString('latin1')
    expect([...text.matchAll(/\r\n\r\n([^;]*;)/g)].map((m) => m[1]).join('')).toBe(expected)
  })

  test('an upload of several MB behind a slow backend arrives byte for byte while other clients read', async () => {
    const body = pattern(4 * 1024 * 1024 + 123, 7)
    const b = await startBackend('slow', (req, res) => {
      const h = crypto.createHash('sha256')
      let n = 0
      req.pause()
      setTimeout(() => req.resume(), 300) // the proxy's writes upstream back up; the client is paused
      req.on('data', (d: Buffer) => {
        h.update(d)
        n += d.length
      })
      req.on('end', () => res.end(`${n} ${h.digest('hex')}`))
    })
    cleanups.push(b.close)
    const p = await proxyTo(b.port)
    const other = await connect(p.port)
    other.resume()
    const noise = setInterval(() => other.write('GET /noise HTTP/1.1\r\nHost: web.localhost\r\n\r\n'), 2)
    cleanups.push(async () => clearInterval(noise))
    const s = await connect(p.port)
    const answered = readUntil(s, (all) => /\r\n\r\n\d+ [0-9a-f]{64}$/.test(all.toString('latin1')))
    s.write(`POST /up HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: ${body.length}\r\n\r\n`)
    s.write(body)
    const text = (await answered).toString('latin1')
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe(`${body.length} ${sha(body)}`)
  })

  test('a GET retried on the next upstream after other clients’ reads carries its own head, unchanged', async () => {
    // The first upstream reads the request, waits, and closes without an answer: the proxy retries
    // on the second one, rebuilding the head from the kept bytes. Meanwhile another client sends.
    const closer = net.createServer((c) => c.on('data', () => setTimeout(() => c.destroy(), 150)))
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => closer.close(() => r())))
    const good = await startLenientUpstream()
    cleanups.push(good.close)
    const p = await proxyTo((closer.address() as AddressInfo).port, good.port)
    const s = await connect(p.port)
    const answered = readUntil(s, (all) => /seen \d+$/.test(all.toString('latin1')))
    s.write('GET /mine?q=1 HTTP/1.1\r\nHost: web.localhost\r\nX-Who: the-first-client\r\n\r\n')
    await sleep(50)
    const other = await connect(p.port)
    other.resume()
    for (let i = 0; i < 5; i++) {
      other.write(`GET /other-${'o'.repeat(40)} HTTP/1.1\r\nHost: web.localhost\r\nX-Who: ${'someone-else'.repeat(4)}\r\n\r\n`)
      await sleep(5)
    }
    expect((await answered).toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    const mine = strictRequests(good.all()).filter((r) => r.target.startsWith('/mine'))
    expect(mine.map((r) => [r.target, r.header('x-who'), r.header('host')])).toEqual([['/mine?q=1', ['the-first-client'], ['web.localhost']]])
  })

  test('an upgraded connection (handed to node:http) carries megabytes both ways intact', async () => {
    const b = await startBackend('ws')
    cleanups.push(b.close)
    b.server.on('upgrade', (_req, socket: net.Socket, head: Buffer) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n')
      if (head.length) socket.write(head)
      // Echo, after a pause long enough for the proxy's writes to this socket to back up.
      socket.pause()
      setTimeout(() => socket.pipe(socket), 300)
    })
    const p = await proxyTo(b.port)
    const other = await connect(p.port)
    other.resume()
    const noise = setInterval(() => other.write('GET /noise HTTP/1.1\r\nHost: web.localhost\r\n\r\n'), 2)
    cleanups.push(async () => clearInterval(noise))
    const data = pattern(12 * 1024 * 1024, 11) // more than loopback buffers take while the backend pauses
    const s = await connect(p.port)
    const switched = readUntil(s, (all) => all.includes('\r\n\r\n'))
    s.write('GET /tunnel HTTP/1.1\r\nHost: web.localhost\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n')
    const head = (await switched).toString('latin1')
    expect(head).toMatch(/^HTTP\/1\.1 101 /)
    s.removeAllListeners('data')
    const echoed = readUntil(s, (all) => all.length >= data.length, 20_000)
    for (let at = 0; at < data.length; at += 200_000) {
      s.write(data.subarray(at, at + 200_000))
      await sleep(2)
    }
    const back = await echoed
    expect(back.length).toBe(data.length)
    expect(sha(back)).toBe(sha(data))
  })
})

describe('hand-over to node:http', () => {
  test('a chunked upload (node:http reads the socket itself) arrives intact', async () => {
    const port = await hashingBackend()
    const p = await proxyTo(port)
    const agentless = (path: string) => new Promise<string>((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port: p.port, path, method: 'POST', headers: {host: 'web.localhost', 'transfer-encoding': 'chunked'}}, (res) => {
        let t = ''
        res.on('data', (d) => (t += d))
        res.on('end', () => resolve(t))
      })
      req.on('error', reject)
      req.write(pattern(100_000, 3))
      req.end(pattern(50_000, 4))
    })
    const expected = sha(Buffer.concat([pattern(100_000, 3), pattern(50_000, 4)]))
    expect(await agentless('/c1')).toBe(`POST /c1 150000 ${expected};`)
  })
})
