// The node:http lane's pools load undici after the proxy starts; a request that needs one before
// that waits for it and is answered (real HTTP to a real loopback server).
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {UpstreamPools} from '../../../src/proxy/server/upstream-pools.js'

let server: http.Server
let origin: string
beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`hello ${req.url}`))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function fetchThrough(pools: UpstreamPools, path: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    let status = 0
    const chunks: Buffer[] = []
    pools.get(origin).dispatch({path, method: 'GET', headers: {host: 'x'}}, {
      onConnect: () => undefined,
      onHeaders: (code: number) => {
        status = code
        return true
      },
      onData: (c: Buffer) => {
        chunks.push(c)
        return true
      },
      onComplete: () => resolve({status, body: Buffer.concat(chunks).toString()}),
      onError: reject,
    } as never)
  })
}

test('requests sent at once after start (before undici has loaded) and later are all answered', async () => {
  const pools = new UpstreamPools(Date.now)
  try {
    const first = await Promise.all([fetchThrough(pools, '/a'), fetchThrough(pools, '/b')])
    expect(first).toEqual([{status: 200, body: 'hello /a'}, {status: 200, body: 'hello /b'}])
    expect(await fetchThrough(pools, '/c')).toEqual({status: 200, body: 'hello /c'})
  } finally {
    await pools.closeAll()
  }
})
