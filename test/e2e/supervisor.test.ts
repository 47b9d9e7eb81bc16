import fs from 'node:fs'
import {readKvCredentials} from '../../src/kv/credentials.js'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {downPlatform} from '../../src/platform/down.js'
import {stopMember} from '../../src/platform/member.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {readSuperviseRecord} from '../../src/platform/supervise-record.js'
import {upPlatform, type UpResult} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {formatStatus} from '../../src/ui/progress/format-status.js'
import {waitFor} from '../support/agents.js'
import {crashLines} from '../support/crash-lines.js'
import {startLoad} from '../support/load.js'

// Crashed platform processes come back by themselves; stopped ones stay stopped.
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
let dir: string
let file: string
let stateDir: string
let up: UpResult
let ports: number[]

const status = () => readPlatformStatus(file)
const childOf = (name: string) => readSuperviseRecord(stateDir, name)?.childPid ?? null
const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const req = http.get({host: '127.0.0.1', port, path: '/', headers: {host: 'whoami.localhost'}, timeout: 2000, agent: false}, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
  })

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-sup-'))
  fs.cpSync(path.join(SAMPLES, 'whoami'), path.join(dir, 'whoami'), {recursive: true})
  ports = [await freePort(), await freePort()]
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: sup\nkv:\n  members: 1\nservers: 1\nnodes: 2\nproxies:\n  count: 2\n  ports: [${ports.join(', ')}]\njobs:\n  - path: whoami/whoami.nomad.hcl\n    vars: {count: 2}\n`)
  stateDir = path.join(dir, '.zdev', 'sup')
  up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
  await waitFor('both proxies answer', async () => (await answers(ports[0]!)) && (await answers(ports[1]!)), 30_000)
}, 120_000)

afterAll(async () => {
  const crashes = stateDir ? crashLines(stateDir) : []
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
  expect(crashes).toEqual([])
}, 60_000)

describe('the supervisor', () => {
  test('a proxy SIGKILLed under bounded load is restarted; failures stop once it is back', {timeout: 120_000}, async () => {
    const victim = childOf('proxy-1')!
    expect(victim).toBeGreaterThan(0)
    const load = startLoad({targets: ports.map((port) => ({host: '127.0.0.1', port})), hostHeader: 'whoami.localhost', connections: 2, maxRequests: 50_000, maxMs: 40_000})
    await new Promise((r) => setTimeout(r, 1000))
    process.kill(victim, 'SIGKILL')
    const t0 = Date.now()
    await waitFor('proxy-1 restarted and answering', async () => childOf('proxy-1') !== victim && (await answers(ports[0]!)), 30_000)
    const back = Date.now() - t0
    await new Promise((r) => setTimeout(r, 500))
    const r = await load.stop()
    console.log(`proxy SIGKILL under load: ${r.ok} ok, ${r.failed} failed (${((r.failed / (r.ok + r.failed)) * 100).toFixed(2)}%), answering again after ${back} ms ${JSON.stringify(r.errors)}`)
    expect(r.ok).toBeGreaterThan(100)
    const after = await startLoad({targets: ports.map((port) => ({host: '127.0.0.1', port})), hostHeader: 'whoami.localhost', connections: 2, maxRequests: 400, maxMs: 20_000}).finished
    expect(after).toMatchObject({ok: 400, failed: 0})
    const st = await status()
    const px = st.components.find((c) => c.name === 'proxy-1')!
    expect(px).toMatchObject({alive: true, restarts: 1})
    expect(px.lastExit).toMatch(/^killed by SIGKILL at /)
    expect(formatStatus(st)).toContain('restarts: proxy-1 restarted 1× after crashes (last exit: killed by SIGKILL at ')
  })

  test('the KV member and a node agent SIGKILLed are restarted; the other agents ride it out', {timeout: 120_000}, async () => {
    const agentsBefore = Object.fromEntries(['server-1', 'node-1', 'node-2', 'proxy-2'].map((n) => [n, childOf(n)]))
    process.kill(childOf('etcd-1')!, 'SIGKILL')
    const node = childOf('node-2')!
    process.kill(node, 'SIGKILL')
    await waitFor('etcd-1 and node-2 restarted', async () => (await status()).components.filter((c) => ['etcd-1', 'node-2'].includes(c.name) && c.restarts === 1).length === 2, 30_000)
    const registered = () => (fs.readFileSync(path.join(stateDir, 'logs', 'node-2.log'), 'utf8').match(/node node-2 registered/g) ?? []).length
    await waitFor('the new node-2 agent registered', async () => registered() === 2, 30_000)
    const store = Store.connect(up.kvEndpoints, 'sup', 2000, readKvCredentials(stateDir)!.zdev)
    try {
      await waitFor('2 ready nodes and 2 healthy whoami', async () => {
        const st = await readClusterState(store)
        return st.nodes.filter((n) => n.Status === 'ready').length === 2 && st.services.filter((s) => s.ServiceName === 'whoami' && s.Healthy).length === 2
      }, 60_000)
    } finally {
      store.close()
    }
    expect(Object.fromEntries(['server-1', 'node-1', 'proxy-2'].map((n) => [n, childOf(n)]))).toEqual({'server-1': agentsBefore['server-1'], 'node-1': agentsBefore['node-1'], 'proxy-2': agentsBefore['proxy-2']})
    await waitFor('both proxies answer', async () => (await answers(ports[0]!)) && (await answers(ports[1]!)), 30_000)
  })

  test('a component the user stopped stays stopped', {timeout: 60_000}, async () => {
    await stopMember(file, 'proxy-2', ['proxy'])
    await new Promise((r) => setTimeout(r, 1500))
    const px = (await status()).components.find((c) => c.name === 'proxy-2')!
    expect(px).toMatchObject({alive: false, restarts: 0})
    expect(await answers(ports[1]!)).toBe(false)
  })
})
