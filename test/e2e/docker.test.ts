import {readKvCredentials} from '../../src/kv/credentials.js'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {listLabelled} from '../../src/drivers/docker-cleanup.js'
import {loadJobFile} from '../../src/jobspec/index.js'
import {freePort} from '../../src/lib/ports.js'
import {newId} from '../../src/lib/ids.js'
import {downPlatform} from '../../src/platform/down.js'
import {buildLocalImage} from '../../src/platform/image-build.js'
import {readState} from '../../src/platform/state.js'
import {upPlatform, type UpResult} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'
import {testDaemon} from '../support/docker.js'
import {startLoad} from '../support/load.js'

// The samples' docker variants on a `runtime: docker` platform, with images built here without
// a registry: routed by the proxy exactly as the raw_exec ones, updated under load, healed when
// a node dies, and gone after `down`. Containers use host networking (loopback only).
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
const CLUSTER = 'e2edock'
let dir: string
let file: string
let up: UpResult
let store: Store
let port: number

const whoamiInstances = async (version?: number) => {
  const st = await readClusterState(store)
  const live = st.allocs.filter((a) => a.JobID === 'whoami' && a.DesiredStatus === 'run' && a.ClientStatus === 'running' && (version === undefined || a.JobVersion === version))
  return st.services.filter((s) => s.ServiceName === 'whoami' && s.Healthy && live.some((a) => a.ID === s.AllocID))
}
const containers = async (labels: Record<string, string> = {}) => listLabelled((await testDaemon()).docker, {'zdev.cluster': CLUSTER, 'zdev.state': up.stateDir, ...labels})

beforeAll(async () => {
  await testDaemon()
  for (const s of ['whoami', 'counter']) {
    await buildLocalImage(SAMPLES, {tag: `zdev/${s}:dev`, buildArgs: {SCRIPT: `${s}/${s}.mjs`, BASE: 'zdev/node:local'}})
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-dock-e2e-'))
  for (const s of ['whoami', 'counter']) fs.copyFileSync(path.join(SAMPLES, s, `${s}-docker.nomad.hcl`), path.join(dir, `${s}-docker.nomad.hcl`))
  port = await freePort()
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, [
    `name: ${CLUSTER}`, 'runtime: docker', 'kv:', '  members: 1', 'servers: 1',
    'nodes:', '  - {name: node-1}', '  - {name: node-2}', '  - {name: node-3}', '  - {name: plain, drivers: [raw_exec]}',
    'proxies:', '  count: 1', `  ports: [${port}]`, 'jobs:', '  - whoami-docker.nomad.hcl', '  - {path: counter-docker.nomad.hcl, kv: true}', '',
  ].join('\n'))
  up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000, readyTimeoutMs: 30_000})
  store = Store.connect(up.kvEndpoints, CLUSTER, 2000, readKvCredentials(up.stateDir)!.zdev)
}, 240_000)

afterAll(async () => {
  store?.close()
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
}, 90_000)

describe('docker samples on a runtime: docker platform', () => {
  test('nodes advertise driver.docker with the daemon version, except the node that refuses it', async () => {
    const d = await testDaemon()
    const st = await readClusterState(store)
    const byName = Object.fromEntries(st.nodes.map((n) => [n.Name, n]))
    for (const n of ['node-1', 'node-2', 'node-3']) expect(byName[n]!.Attributes['driver.docker.version']).toBe(d.version)
    expect(byName.plain!.Attributes['driver.docker']).toBeUndefined()
    expect(st.allocs.filter((a) => a.NodeName === 'plain')).toEqual([])
  })

  test('whoami in containers answers through the proxy on 3 instances; counter counts through the KV', async () => {
    const load = startLoad({targets: [{host: '127.0.0.1', port}], hostHeader: 'whoami.localhost', connections: 2, maxRequests: 150, maxMs: 30_000})
    const r = await load.finished
    expect(r.failed).toBe(0)
    expect(Object.keys(r.instances)).toHaveLength(3)
    expect((await containers({'zdev.task': 'whoami'})).length).toBe(3)
    const post = () => new Promise<{count: number}>((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port, method: 'POST', path: '/', headers: {host: 'counter.localhost'}, timeout: 5000}, (res) => {
        let body = ''
        res.on('data', (b) => (body += b)).on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode}: ${body}`))))
      })
      req.on('error', reject).end()
    })
    const a = await post()
    const b = await post()
    expect(b.count).toBe(a.count + 1)
  })

  test('a rolling update of the docker variant under load fails 0 requests', {timeout: 150_000}, async () => {
    const load = startLoad({targets: [{host: '127.0.0.1', port}], hostHeader: 'whoami.localhost', connections: 4, maxRequests: 200_000, maxMs: 120_000})
    await new Promise((r) => setTimeout(r, 500))
    await submitJob(store, await loadJobFile(path.join(dir, 'whoami-docker.nomad.hcl'), {vars: {version: 'v2'}}), {now: Date.now, newId})
    await waitFor('v2 ×3 healthy and the deployment successful', async () => {
      const st = await readClusterState(store)
      const d = st.deployments.find((x) => x.JobID === 'whoami' && x.JobVersion === 1)
      return (await whoamiInstances(1)).length === 3 && d?.Status === 'successful'
    }, 120_000, 100)
    await new Promise((r) => setTimeout(r, 500))
    const r = await load.stop()
    console.log(`docker rolling update under load: ${r.ok} ok, ${r.failed} failed ${JSON.stringify({statuses: r.statuses, errors: r.errors})}`)
    expect(r.ok).toBeGreaterThan(50)
    expect(r.failed).toBe(0)
    await waitFor('only the 3 v2 containers left', async () => (await containers({'zdev.task': 'whoami'})).length === 3, 30_000, 200)
  })

  // The node is a host: its agent's death takes its containers with it. The supervisor restarts
  // the agent (a host rebooting), so the work comes back in new containers, there or elsewhere.
  test('SIGKILL of a node agent removes its containers; whoami comes back in new containers', {timeout: 90_000}, async () => {
    const [victim] = await whoamiInstances()
    const nodeName = (await readClusterState(store)).nodes.find((n) => n.ID === victim!.NodeID)!.Name
    const pid = (await readState(up.stateDir))!.components.find((c) => c.name === nodeName)!.pid!
    const before = await containers({'zdev.node': nodeName})
    expect(before.length).toBeGreaterThan(0)
    const killed = new Set(before.map((c) => c.id))
    process.kill(pid, 'SIGKILL')
    await waitFor(`the containers of ${nodeName} removed`, async () => (await containers()).every((c) => !killed.has(c.id)), 30_000, 200)
    await waitFor('3 healthy whoami again', async () => (await whoamiInstances()).length === 3, 60_000, 100)
    const now = await containers()
    expect(now.filter((c) => c.state === 'running').length).toBeGreaterThanOrEqual(3)
    expect(now.some((c) => killed.has(c.id))).toBe(false)
  })

  test('down leaves no container with the cluster\'s label', {timeout: 60_000}, async () => {
    expect((await containers()).length).toBeGreaterThan(0)
    store.close()
    await downPlatform(file)
    expect(await containers()).toEqual([])
  })
})
