// A node fingerprints its drivers again (every interval, and at once when a docker start fails
// for the daemon's sake) and its registration follows: driver.docker appears when a daemon
// starts answering at DOCKER_HOST and disappears when it goes away. The "daemon" here is a
// unix-socket forwarder to the real one, started and stopped by the test (the shared dockerd
// itself is never stopped).
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {NodeAgent} from '../../src/client/node-agent.js'
import type {DockerDriver} from '../../src/drivers/docker-driver.js'
import type {Node} from '../../src/model/index.js'
import {Store} from '../../src/store/store.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'
import {testDaemon} from '../support/docker.js'

const CLUSTER = `refp${process.pid}`
let etcd: TestEtcd
let store: Store
let dir: string
const agents: NodeAgent[] = []
const forwarders: {close(): Promise<void>}[] = []

/** A socket at `sock` that forwards every connection to the real daemon's socket. */
function forwarder(sock: string, target: string): Promise<{close(): Promise<void>}> {
  const conns = new Set<net.Socket>()
  const server = net.createServer((c) => {
    const up = net.connect(target)
    conns.add(c).add(up)
    c.pipe(up).pipe(c)
    const end = () => (c.destroy(), up.destroy())
    c.on('error', end).on('close', end)
    up.on('error', end).on('close', end)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(sock, () => {
      const f = {
        close: () => new Promise<void>((r) => {
          for (const c of conns) c.destroy()
          server.close(() => r())
          fs.rmSync(sock, {force: true})
        }),
      }
      forwarders.push(f)
      resolve(f)
    })
  })
}

async function registration(agent: NodeAgent): Promise<Node> {
  return (await store.get<Node>(store.keys.node(agent.id)))!.value
}

async function until(what: string, fn: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function startAgent(name: string, sock: string, fingerprintIntervalMs: number): Promise<NodeAgent> {
  const agent = new NodeAgent({
    name, datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 1000, memory: 1024, address: '127.0.0.1',
    drivers: ['raw_exec', 'docker'], cluster: CLUSTER, endpoints: etcd.endpoints, stateDir: path.join(dir, 'nodes', name),
    dockerEnv: {DOCKER_HOST: `unix://${sock}`}, fingerprintIntervalMs, log: () => undefined,
  })
  agents.push(agent)
  return agent.start().then(() => agent)
}

beforeAll(async () => {
  await testDaemon()
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, CLUSTER)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-refp-'))
}, 60_000)

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop().catch(() => undefined)))
  await Promise.all(forwarders.map((f) => f.close()))
  store?.close()
  await etcd?.stop()
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
}, 60_000)

describe('periodic re-fingerprint of the docker driver', () => {
  test('a daemon that appears is advertised; one that goes away is withdrawn', async () => {
    const d = await testDaemon()
    const sock = path.join(dir, 'appearing.sock')
    const agent = await startAgent('node-a', sock, 300)
    let node = await registration(agent)
    expect(node.Attributes['driver.docker']).toBeUndefined()
    expect(node.Drivers.docker).toBeUndefined()
    expect(node.Attributes['driver.raw_exec']).toBe('1')
    const fwd = await forwarder(sock, d.host.slice('unix://'.length))
    await until('driver.docker advertised', async () => (await registration(agent)).Attributes['driver.docker'] === '1', 20_000)
    node = await registration(agent)
    expect(node.Attributes['driver.docker.version']).toBe(d.version)
    expect(node.Drivers.docker).toEqual({Detected: true, Healthy: true})
    expect(node.Status).toBe('ready')
    await fwd.close()
    await until('driver.docker withdrawn', async () => (await registration(agent)).Attributes['driver.docker'] === undefined, 20_000)
    expect((await registration(agent)).Attributes['driver.raw_exec']).toBe('1')
  }, 60_000)

  test('a docker start that fails for the daemon\'s sake fingerprints at once (no wait for the interval)', async () => {
    const d = await testDaemon()
    const sock = path.join(dir, 'vanishing.sock')
    const fwd = await forwarder(sock, d.host.slice('unix://'.length))
    const agent = await startAgent('node-b', sock, 3_600_000)
    expect((await registration(agent)).Attributes['driver.docker']).toBe('1')
    await fwd.close()
    const docker = (agent as unknown as {drivers: Record<string, DockerDriver>}).drivers.docker!
    const sink = {write: () => undefined}
    await expect(docker.start({name: 't', command: '', args: [], env: {}, cwd: dir, stdout: sink, stderr: sink, config: {image: 'zdev-test/busybox:zdev-1'}})).rejects.toThrow()
    await until('driver.docker withdrawn after the failed start', async () => (await registration(agent)).Attributes['driver.docker'] === undefined, 15_000)
  }, 60_000)
})
