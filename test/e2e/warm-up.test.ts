import fs from 'node:fs'
import {readKvCredentials} from '../../src/kv/credentials.js'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {loadJobFile} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform, type UpResult} from '../../src/platform/up.js'
import {readClusterState, type ClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'
import {crashLines} from '../support/crash-lines.js'

// `down` → `up` restores exactly what was there; `up` on a running cluster submits only what
// changed. The platform as `up` starts it: etcd, a server, 2 nodes, whoami ×2 (no proxies).
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
let dir: string
let file: string
let up: UpResult

const withStore = async <T>(fn: (s: Store) => Promise<T>): Promise<T> => {
  const s = Store.connect(up.kvEndpoints, 'warm', 2000, readKvCredentials(up.stateDir)!.zdev)
  try {
    return await fn(s)
  } finally {
    s.close()
  }
}
const state = () => withStore((s) => readClusterState(s))
const allocView = (st: ClusterState) =>
  Object.fromEntries(st.allocs.filter((a) => a.JobID === 'whoami').map((a) => [a.ID, {node: a.NodeName, desired: a.DesiredStatus, client: a.ClientStatus, version: a.JobVersion}]))
const summary = (st: ClusterState) => ({
  version: st.jobs.whoami?.Version,
  running: st.allocs.filter((a) => a.JobID === 'whoami' && a.ClientStatus === 'running').length,
  nodes: st.nodes.map((n) => `${n.Name}:${n.Status}`),
})

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-warm-'))
  fs.cpSync(path.join(SAMPLES, 'whoami'), path.join(dir, 'whoami'), {recursive: true})
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: warm\nkv:\n  members: 1\nservers: 1\nnodes: 2\nproxies: 0\njobs:\n  - path: whoami/whoami.nomad.hcl\n    vars: {count: 2}\n`)
  up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
}, 120_000)

afterAll(async () => {
  const crashes = dir ? crashLines(path.join(dir, '.zdev')) : []
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
  expect(crashes).toEqual([])
}, 60_000)

describe('warm up after down', () => {
  test('a rolled job comes back exactly: allocations, versions, summaries, node status; no node declared down', {timeout: 180_000}, async () => {
    expect(up.jobs).toEqual([{id: 'whoami', version: 0, changed: true, submitted: true}])
    // a version set outside the platform file (as `job run` does)
    await withStore(async (s) => submitJob(s, await loadJobFile(path.join(dir, 'whoami/whoami.nomad.hcl'), {vars: {count: '2', version: 'v2'}}), {now: Date.now, newId}))
    const before = await waitFor('v1 rolled out: 2 running, deployment successful', async () => {
      const st = await state()
      const run = st.allocs.filter((a) => a.JobID === 'whoami' && a.DesiredStatus === 'run' && a.ClientStatus === 'running' && a.JobVersion === 1)
      const stopped = st.allocs.filter((a) => a.JobID === 'whoami' && a.DesiredStatus !== 'run')
      const settled = stopped.every((a) => a.ClientStatus === 'complete')
      return run.length === 2 && stopped.length === 2 && settled && st.deployments.some((d) => d.JobVersion === 1 && d.Status === 'successful') ? st : null
    }, 90_000)
    await downPlatform(file)
    const t0 = Date.now()
    const again = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
    expect(again.outcome).toBe('started')
    expect(again.jobs).toEqual([{id: 'whoami', version: 1, changed: false, submitted: false}])
    const after = await waitFor('the same allocations running again', async () => {
      const st = await state()
      return JSON.stringify(allocView(st)) === JSON.stringify(allocView(before)) ? st : null
    }, 60_000).catch(async (err) => {
      expect(allocView(await state())).toEqual(allocView(before))
      throw err
    })
    expect(summary(after)).toEqual(summary(before))
    // a while later: still no node declared down (the leader used to do it at election), nothing rescheduled
    await new Promise((r) => setTimeout(r, 3000))
    const later = await state()
    expect(later.events.filter((e) => e.Time >= t0 && e.Kind === 'node-down').map((e) => e.Message)).toEqual([])
    expect(allocView(later)).toEqual(allocView(before))
  })

  test('up on a running cluster submits only jobs whose file changed, and says so', {timeout: 120_000}, async () => {
    const same = await upPlatform(file, {agentEntry: AGENT})
    expect(same.outcome).toBe('already-running')
    expect(same.jobs).toEqual([{id: 'whoami', version: 1, changed: false, submitted: false}])
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{count: 2}', '{count: 2, version: v3}'))
    const changed = await upPlatform(file, {agentEntry: AGENT})
    expect(changed.jobs).toEqual([{id: 'whoami', version: 2, changed: true, submitted: true}])
    expect((await state()).jobs.whoami?.TaskGroups[0]?.Tasks[0]?.Env?.VERSION).toBe('v3')
  })
})
