import {afterEach, describe, expect, test} from 'vitest'
import type {ServiceRegistration} from '../../src/model/service.js'
import {runProxyAgent, type ProxyAgent} from '../../src/proxy/main.js'
import type {RoutingTable} from '../../src/proxy/config/routing-table.js'
import {get, registration, startBackend} from './helpers/backends.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

/** An in-memory catalog stream: the test pushes whole states, the agent pulls them. */
function catalogStream() {
  const queue: ServiceRegistration[][] = []
  let wake: (() => void) | undefined
  let ended = false
  const iterable: AsyncIterable<ServiceRegistration[]> = {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < 1000; i++) {
        while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r))
        if (queue.length === 0) return
        yield queue.shift()!
      }
    },
  }
  return {
    iterable,
    push(state: ServiceRegistration[]) {
      queue.push(state)
      wake?.()
    },
    end() {
      ended = true
      wake?.()
    },
  }
}

describe('runProxyAgent', () => {
  test('swaps tables as catalog states arrive, skips identical states, keeps serving', async () => {
    const b1 = await startBackend('one')
    const b2 = await startBackend('two')
    cleanups.push(b1.close, b2.close)
    const cat = catalogStream()
    const tables: RoutingTable[] = []
    const starting = runProxyAgent({name: 'p1', host: '127.0.0.1', port: 0, catalog: cat.iterable, onTable: (t) => tables.push(t)})
    let started = false
    void starting.then(() => (started = true), () => undefined)
    await new Promise((r) => setTimeout(r, 200))
    expect(started).toBe(false) // no listener before the first catalog state: never a 404 for a route not read yet
    const one = [registration({ID: 'x', ServiceName: 'whoami', Port: b1.port})]
    cat.push(one)
    const agent: ProxyAgent = await starting
    cleanups.push(() => agent.close())
    const port = agent.proxy.port
    expect(JSON.parse((await get(port, '/', 'whoami.localhost')).body).id).toBe('one')
    cat.push(structuredClone(one))
    cat.push([registration({ID: 'y', ServiceName: 'whoami', Port: b2.port}), registration({ID: 'z', ServiceName: 'broken', Port: b2.port, Tags: ['traefik.http.routers.broken.rule=Host(`x`']})])
    cat.end()
    await agent.done
    expect(tables).toHaveLength(2)
    expect(tables[1].routers.find((r) => r.name === 'broken')?.error).toBe('rule "Host(`x`" column 9: expected "," or ")" in Host(...), found the end of the rule')
    expect(JSON.parse((await get(port, '/', 'whoami.localhost')).body).id).toBe('two')
    expect(agent.proxy.stats().tableSwaps).toBe(2)
  })
})
