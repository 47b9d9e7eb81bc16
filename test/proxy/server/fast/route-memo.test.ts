import net from 'node:net'
import {afterEach, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../../src/proxy/config/build-routing-table.js'
import {startProxy} from '../../../../src/proxy/server/start-proxy.js'
import {registration, startBackend} from '../../helpers/backends.js'

// A connection keeps the route of its last request for the next identical one: requests that differ
// only in headers, or come after a table swap, must still be routed as if each were the first.
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

/** One client connection; `ask` sends a request and resolves with the answering backend's id. */
function connection(port: number): Promise<{ask(extra?: string): Promise<string>; close(): void}> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1')
    let data = ''
    let waiting: ((id: string) => void) | undefined
    s.on('data', (d) => {
      data += d.toString('latin1')
      const m = /"id":"(\w+)"/.exec(data)
      if (m && waiting) {
        data = ''
        const w = waiting
        waiting = undefined
        w(m[1])
      }
    })
    s.on('error', reject)
    s.on('connect', () => resolve({
      ask: (extra = '') => new Promise((r, j) => {
        waiting = r
        setTimeout(() => j(new Error(`no answer; got ${JSON.stringify(data)}`)), 5000).unref()
        s.write(`GET /same HTTP/1.1\r\nHost: web.localhost\r\n${extra}\r\n`)
      }),
      close: () => s.destroy(),
    }))
  })
}

test('requests on one connection that differ only in a header a router matches are routed each by its own', async () => {
  const web = await startBackend('web')
  const beta = await startBackend('beta')
  cleanups.push(web.close, beta.close)
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'memo'})
  cleanups.push(p.close)
  p.setRoutingTable(buildRoutingTable([
    registration({ID: 'w', ServiceName: 'web', Port: web.port}),
    registration({ID: 'b', ServiceName: 'beta', Port: beta.port, Tags: ['traefik.http.routers.beta.rule=Host(`web.localhost`) && Header(`X-Beta`, `1`)']}),
  ]))
  const c = await connection(p.port)
  try {
    const ids = []
    for (const extra of ['', 'X-Beta: 1\r\n', '', '', 'X-Beta: 1\r\n', 'X-Beta: 1\r\n', '']) ids.push(await c.ask(extra))
    expect(ids).toEqual(['web', 'beta', 'web', 'web', 'beta', 'beta', 'web'])
  } finally {
    c.close()
  }
})

test('the same request on one connection follows a routing table swap', async () => {
  const a = await startBackend('a')
  const b = await startBackend('b')
  cleanups.push(a.close, b.close)
  const p = await startProxy({host: '127.0.0.1', port: 0, name: 'memo'})
  cleanups.push(p.close)
  const to = (port: number, id: string) => buildRoutingTable([registration({ID: id, ServiceName: 'web', Port: port})])
  p.setRoutingTable(to(a.port, 'a'))
  const c = await connection(p.port)
  try {
    expect([await c.ask(), await c.ask()]).toEqual(['a', 'a'])
    p.setRoutingTable(to(b.port, 'b'))
    expect([await c.ask(), await c.ask()]).toEqual(['b', 'b'])
  } finally {
    c.close()
  }
})
