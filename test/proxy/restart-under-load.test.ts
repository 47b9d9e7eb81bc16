// A real proxy process (dist/agent.js proxy) killed and started again on the same port while
// clients keep sending requests: until it has read its first routing table from the KV it must not
// answer at all (connection refused), never 404 for a route it simply has not read yet.
import http from 'node:http'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'
import {registration, startBackend, type Backend} from './helpers/backends.js'

const CLUSTER = 'restart-load'
let etcd: TestEtcd
let store: Store
let backend: Backend
let agents: AgentSet

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, CLUSTER)
  backend = await startBackend('one')
  await store.put(store.keys.service('whoami', 'w1'), registration({ID: 'w1', ServiceName: 'whoami', Port: backend.port}))
  agents = new AgentSet()
})

afterAll(async () => {
  await agents?.cleanup()
  await backend?.close()
  store?.close()
  await etcd?.stop()
})

/** One GET with a fresh connection (a restart breaks kept-alive ones); its status or the error code. */
function once(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({host: '127.0.0.1', port, path: '/', agent: false, headers: {host: 'whoami.localhost'}, timeout: 5000}, (res) => {
      res.resume()
      res.on('end', () => resolve(String(res.statusCode)))
      res.on('error', () => resolve('response-error'))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
}

test('a restarted proxy refuses connections until its first routing table, then routes: never a 404', async () => {
  const port = await freePort()
  const cfg = {cluster: CLUSTER, endpoints: etcd.endpoints, host: '127.0.0.1', port}
  let proxy = agents.start('proxy', 'proxy-r', cfg)
  await waitFor('the proxy routes', async () => (await once(port)) === '200')

  // Bounded load: 6 clients back to back, a short pause after a refused connect, at most 50 s / 50k requests.
  const seen: Record<string, number> = {}
  let okCount = 0
  let stop = false
  let sent = 0
  const deadline = Date.now() + 50_000
  const loops = Array.from({length: 6}, async () => {
    while (!stop && sent < 50_000 && Date.now() < deadline) {
      sent++
      const r = await once(port)
      seen[r] = (seen[r] ?? 0) + 1
      if (r === '200') okCount++
      else await new Promise((res) => setTimeout(res, 2))
    }
  })
  try {
    for (let i = 0; i < 2; i++) {
      await proxy.kill('SIGKILL')
      proxy = agents.start('proxy', 'proxy-r', cfg)
      const before = okCount
      await waitFor(`the proxy routes again after restart ${i + 1}`, async () => okCount > before + 20)
    }
  } finally {
    stop = true
    await Promise.all(loops)
  }
  expect(seen['404']).toBeUndefined()
  // Only answers from the backend or refused/reset connections while no proxy listened.
  expect(Object.keys(seen).filter((k) => !['200', 'ECONNREFUSED', 'ECONNRESET'].includes(k))).toEqual([])
  expect(seen.ECONNREFUSED).toBeGreaterThan(0) // the restarts did happen under load
}, 120_000)
