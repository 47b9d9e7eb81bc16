import http from 'node:http'
import {afterEach, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy} from '../../../src/proxy/server/start-proxy.js'
import type {ServiceRegistration} from '../../../src/model/service.js'
import {get, registration, startBackend, type Backend} from '../helpers/backends.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

/** `workers` keep-alive clients each sending `perWorker` GETs back to back; returns status counts. */
async function load(port: number, workers: number, perWorker: number, statuses: Map<string, number>): Promise<void> {
  const agent = new http.Agent({keepAlive: true, maxSockets: workers})
  try {
    await Promise.all(Array.from({length: workers}, async () => {
      for (let i = 0; i < perWorker; i++) {
        const key = await get(port, '/', 'whoami.localhost', {agent}).then((r) => String(r.status), (e: Error) => e.message)
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
      }
    }))
  } finally {
    agent.destroy()
  }
}

describe.each([['fast lane', true], ['node:http + undici lane', false]])('under load (%s)', (_lane, fastLane) => {
  test('replacing every instance one at a time (add new, drop old from the table, then stop it) fails no request', async () => {
    const p = await startProxy({host: '127.0.0.1', port: 0, name: 'roll', fastLane})
    cleanups.push(p.close)
    let live: Array<{b: Backend; reg: ServiceRegistration}> = []
    for (let i = 0; i < 3; i++) {
      const b = await startBackend(`v1-${i}`)
      cleanups.push(b.close)
      live.push({b, reg: registration({ID: `v1-${i}`, ServiceName: 'whoami', Port: b.port})})
    }
    const swap = () => p.setRoutingTable(buildRoutingTable(live.map((x) => x.reg)))
    swap()
    const statuses = new Map<string, number>()
    const running = load(p.port, 8, 150, statuses)
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 40))
      const b = await startBackend(`v2-${i}`)
      cleanups.push(b.close)
      const old = live[0]
      live = [...live.slice(1), {b, reg: registration({ID: `v2-${i}`, ServiceName: 'whoami', Port: b.port})}]
      swap()
      await new Promise((r) => setTimeout(r, 20))
      await old.b.close()
    }
    await running
    expect([...statuses]).toEqual([['200', 1200]])
  })

  test('a backend that dies while still in the table costs no failed GET', async () => {
    const p = await startProxy({host: '127.0.0.1', port: 0, name: 'crash', fastLane})
    cleanups.push(p.close)
    const bs: Backend[] = []
    for (let i = 0; i < 3; i++) {
      const b = await startBackend(`b${i}`)
      cleanups.push(b.close)
      bs.push(b)
    }
    p.setRoutingTable(buildRoutingTable(bs.map((b, i) => registration({ID: `b${i}`, ServiceName: 'whoami', Port: b.port}))))
    const statuses = new Map<string, number>()
    const running = load(p.port, 8, 150, statuses)
    await new Promise((r) => setTimeout(r, 50))
    await bs[1].close() // closes its listener and every keep-alive connection, mid-load
    await running
    expect([...statuses]).toEqual([['200', 1200]])
  })
})
