import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {kvCredentialsFile, readKvCredentials} from '../../src/kv/credentials.js'
import {freePort} from '../../src/lib/ports.js'
import {findByEnv, TASK_LABELS} from '../../src/lib/proc.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform, type UpResult} from '../../src/platform/up.js'
import {createKvClient} from '../../src/store/client.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'
import {crashLines} from '../support/crash-lines.js'

// No open doors: etcd refuses anonymous requests, files holding secrets are private, and only
// the job the platform file grants the KV (the counter) gets endpoints and a user.
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
let dir: string
let file: string
let stateDir: string
let up: UpResult
let port: number

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8)
const request = (method: string, p: string) =>
  new Promise<{status: number; body: string}>((resolve, reject) => {
    const req = http.request({host: '127.0.0.1', port, method, path: p, headers: {host: 'counter.localhost'}, timeout: 5000, agent: false}, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-auth-'))
  for (const s of ['whoami', 'counter']) fs.cpSync(path.join(SAMPLES, s), path.join(dir, s), {recursive: true})
  port = await freePort()
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: auth\nkv:\n  members: 1\nservers: 1\nnodes: 1\nproxies:\n  count: 1\n  ports: [${port}]\njobs:\n  - path: whoami/whoami.nomad.hcl\n    vars: {count: 1}\n  - path: counter/counter.nomad.hcl\n    kv: true\n`)
  stateDir = path.join(dir, '.zdev', 'auth')
  up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000})
}, 150_000)

afterAll(async () => {
  const crashes = stateDir ? crashLines(stateDir) : []
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
  expect(crashes).toEqual([])
}, 60_000)

describe('KV authentication and private files', () => {
  test('an unauthenticated etcd write is refused (our client and a bare gateway request); the platform user works', async () => {
    const anon = createKvClient(up.kvEndpoints)
    try {
      await expect(anon.put('/zdev/auth/jobs/evil', '{}')).rejects.toThrow(/user name is empty|permission denied|authentication/i)
    } finally {
      anon.close()
    }
    const r = await fetch(`${up.kvEndpoints[0]}/v3/kv/put`, {method: 'POST', body: JSON.stringify({key: Buffer.from('/zdev/auth/jobs/evil').toString('base64'), value: 'e30='})})
    expect(r.ok).toBe(false)
    const store = Store.connect(up.kvEndpoints, 'auth', 2000, readKvCredentials(stateDir)!.zdev)
    try {
      expect(Object.keys((await readClusterState(store)).jobs).sort()).toEqual(['counter', 'whoami'])
      expect(await store.get('/zdev/auth/jobs/evil')).toBeNull()
    } finally {
      store.close()
    }
  })

  test('the task user reads and writes data/ only', async () => {
    const task = createKvClient(up.kvEndpoints, {auth: readKvCredentials(stateDir)!.task})
    try {
      await task.put('/zdev/auth/data/probe', '1')
      await expect(task.put('/zdev/auth/jobs/evil', '{}')).rejects.toThrow(/permission denied/i)
    } finally {
      task.close()
    }
  })

  test('state dir 0700, state and credentials 0600, each task\'s secrets/ 0700', () => {
    expect(mode(stateDir)).toBe('700')
    expect(mode(path.join(stateDir, 'state.json'))).toBe('600')
    expect(mode(path.dirname(kvCredentialsFile(stateDir)))).toBe('700')
    expect(mode(kvCredentialsFile(stateDir))).toBe('600')
    const allocs = path.join(stateDir, 'nodes', 'node-1', 'allocs')
    const secrets = fs.readdirSync(allocs).flatMap((a) => fs.readdirSync(path.join(allocs, a)).filter((t) => t !== 'alloc').map((t) => path.join(allocs, a, t, 'secrets')))
    expect(secrets.length).toBe(3)
    for (const s of secrets) expect(mode(s)).toBe('700')
  })

  test('only the granted job\'s tasks get the KV; the counter counts through it', {timeout: 60_000}, async () => {
    const tasks = findByEnv({[TASK_LABELS.cluster]: 'auth'})
    const byJob = (id: string) => tasks.filter((t) => t.env.get('NOMAD_JOB_ID') === id)
    expect(byJob('whoami').length).toBeGreaterThan(0)
    for (const t of byJob('whoami')) {
      expect([...t.env.keys()].filter((k) => /^ZDEV_KV|ETCD/.test(k))).toEqual([])
      expect([...t.env.values()].filter((v) => v.includes(readKvCredentials(stateDir)!.zdev.password))).toEqual([])
    }
    expect(byJob('counter').length).toBeGreaterThan(0)
    for (const t of byJob('counter')) expect(t.env.get('ZDEV_KV_USERNAME')).toBe('task')
    const first = await waitFor('the counter answers', async () => {
      const r = await request('POST', '/')
      return r.status === 200 ? (JSON.parse(r.body) as {count: number}) : null
    }, 30_000)
    const second = JSON.parse((await request('POST', '/')).body) as {count: number}
    expect(second.count).toBe(first.count + 1)
  })
})
