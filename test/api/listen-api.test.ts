import http from 'node:http'
import net from 'node:net'
import {afterEach, describe, expect, test} from 'vitest'
import {ListenError, listenWithFallback} from '../../src/api/listen-api.js'
import {freePort} from '../../src/lib/ports.js'

// Real sockets on loopback: a port held by another listener is skipped, the next one tried.
const open: net.Server[] = []
const hold = async (port: number) => {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()))
  open.push(s)
  return s
}
const server = () => {
  const s = http.createServer((_q, res) => res.end('ok'))
  open.push(s)
  return s
}
afterEach(async () => {
  for (const s of open.splice(0)) await new Promise((r) => s.close(r))
})

describe('listenWithFallback', () => {
  test('the first preferred port when it is free', async () => {
    const p = await freePort()
    const s = server()
    expect(await listenWithFallback(s, '127.0.0.1', [p])).toEqual({port: p, taken: []})
    expect(await (await fetch(`http://127.0.0.1:${p}/`)).text()).toBe('ok')
  })

  test('a taken preferred port is skipped for the next preferred one', async () => {
    const [a, b] = [await freePort(), await freePort()]
    await hold(a)
    expect(await listenWithFallback(server(), '127.0.0.1', [a, b])).toEqual({port: b, taken: [a]})
  })

  test('all preferred ports taken: a picked free port, and the server answers there', async () => {
    const a = await freePort()
    await hold(a)
    const s = server()
    const r = await listenWithFallback(s, '127.0.0.1', [a, a, 0])
    expect(r.taken).toEqual([a])
    expect(r.port).not.toBe(a)
    expect(r.port).toBeGreaterThanOrEqual(10_000)
    expect(r.port).toBeLessThan(20_000) // below the ephemeral range, as every platform port
    expect(await (await fetch(`http://127.0.0.1:${r.port}/`)).text()).toBe('ok')
  })

  test('when every candidate is taken, a ListenError naming the ports', async () => {
    const a = await freePort()
    await hold(a)
    await expect(listenWithFallback(server(), '127.0.0.1', [a], async () => a)).rejects.toThrow(new ListenError(`cannot listen on 127.0.0.1: ports ${a} are all in use`))
  })

  test('an error other than "in use" stops at once (an address that is not ours)', async () => {
    // 192.0.2.1 is TEST-NET-1: binding it fails locally (EADDRNOTAVAIL), no packet is sent
    await expect(listenWithFallback(server(), '192.0.2.1', [await freePort()])).rejects.toThrow(/^cannot listen on 192\.0\.2\.1:\d+: EADDRNOTAVAIL$/)
  })
})
