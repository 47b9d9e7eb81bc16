import http from 'node:http'
import net from 'node:net'
import {afterEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {get, registration, startBackend} from '../helpers/backends.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

async function proxyWith(tags: string[], handler?: http.RequestListener): Promise<{p: ProxyHandle; backendPort: number; server: http.Server}> {
  const b = await startBackend('b0', handler)
  cleanups.push(b.close)
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'mw-proxy'})
  cleanups.push(p.close)
  p.setRoutingTable(buildRoutingTable([registration({ID: 'a', ServiceName: 'web', Port: b.port, Tags: tags})]))
  return {p, backendPort: b.port, server: b.server}
}

describe('middlewares', () => {
  test('stripprefix removes the first matching prefix and sets X-Forwarded-Prefix', async () => {
    const {p} = await proxyWith([
      'traefik.http.routers.web.rule=Host(`web.localhost`) && PathPrefix(`/api`)',
      'traefik.http.routers.web.middlewares=strip',
      'traefik.http.middlewares.strip.stripprefix.prefixes=/api',
    ])
    const seen = JSON.parse((await get(p.port, '/api/users?x=1', 'web.localhost')).body)
    expect(seen.url).toBe('/users?x=1')
    expect(seen.headers['x-forwarded-prefix']).toBe('/api')
    expect(JSON.parse((await get(p.port, '/api', 'web.localhost')).body).url).toBe('/')
  })

  test('addprefix then headers: request header set, request header removed, response header added', async () => {
    const {p} = await proxyWith([
      'traefik.http.routers.web.middlewares=add,hdr',
      'traefik.http.middlewares.add.addprefix.prefix=/v2',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Env=dev',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Secret=',
      'traefik.http.middlewares.hdr.headers.customresponseheaders.X-Served-By=zdev',
    ])
    const r = await get(p.port, '/items', 'web.localhost', {headers: {'x-secret': 'hide-me'}})
    const seen = JSON.parse(r.body)
    expect(seen.url).toBe('/v2/items')
    expect(seen.headers['x-env']).toBe('dev')
    expect(seen.headers['x-secret']).toBeUndefined()
    expect(r.headers['x-served-by']).toBe('zdev')
  })

  test('redirectscheme answers with a redirect and never reaches the backend', async () => {
    let hits = 0
    const {p} = await proxyWith([
      'traefik.http.routers.web.middlewares=tls',
      'traefik.http.middlewares.tls.redirectscheme.scheme=https',
      'traefik.http.middlewares.tls.redirectscheme.permanent=true',
    ], (_req, res) => {
      hits++
      res.end('x')
    })
    const r = await get(p.port, '/a?b=1', 'web.localhost:8080')
    expect(r.status).toBe(301)
    expect(r.headers.location).toBe('https://web.localhost/a?b=1')
    expect(hits).toBe(0)
  })

  test('a streamed (chunked) response body passes through whole', async () => {
    const {p} = await proxyWith([], (_req, res) => {
      res.writeHead(200, {'content-type': 'text/plain'})
      let i = 0
      const tick = () => {
        if (i++ === 5) return res.end('end')
        res.write(`chunk${i};`)
        setTimeout(tick, 5)
      }
      tick()
    })
    const r = await get(p.port, '/', 'web.localhost')
    expect(r.body).toBe('chunk1;chunk2;chunk3;chunk4;chunk5;end')
  })
})

describe('upgrade pass-through', () => {
  test('a WebSocket-style upgrade is spliced both ways with X-Forwarded-Proto ws', async () => {
    const {p, server} = await proxyWith([])
    let forwardedProto: string | undefined
    server.on('upgrade', (req, socket) => {
      forwardedProto = req.headers['x-forwarded-proto'] as string
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
      socket.on('data', (d: Buffer) => socket.write(`echo:${d.toString()}`))
      socket.on('end', () => socket.destroy())
    })
    const reply = await new Promise<string>((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port: p.port, path: '/ws', headers: {host: 'web.localhost', connection: 'Upgrade', upgrade: 'websocket'}})
      req.on('upgrade', (res, socket: net.Socket) => {
        expect(res.statusCode).toBe(101)
        socket.once('data', (d: Buffer) => {
          socket.destroy()
          resolve(d.toString())
        })
        socket.write('ping')
      })
      req.on('error', reject)
      req.end()
    })
    expect(reply).toBe('echo:ping')
    expect(forwardedProto).toBe('ws')
    expect(p.stats().upgrades).toBe(1)
  })

  test('an upgrade with no route gets a 404 naming the host', async () => {
    const {p} = await proxyWith([])
    const raw = await new Promise<string>((resolve, reject) => {
      const s = net.connect(p.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: nope.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'))
      let data = ''
      s.on('data', (d) => (data += d.toString()))
      s.on('end', () => resolve(data))
      s.on('error', reject)
    })
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found')
    expect(raw.endsWith('zdev proxy "mw-proxy": no router matches host "nope.localhost" and path "/" (1 routers enabled; run "zdev routes" to list them)\n')).toBe(true)
  })
})
