import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {newId} from '../../src/lib/ids.js'
import {findTaskGroups, taskLabels} from '../../src/lib/proc.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {stopJob, submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, pidAlive, waitFor, type AgentProc} from '../support/agents.js'
import {crashLines} from '../support/crash-lines.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'
import {testJob} from '../support/jobs.js'

// Faults a laptop produces by itself, on real etcd and real agent processes: a node paused past
// its lease (SIGSTOP: a laptop sleep, a starved CPU), a purged job, an agent killed together
// with its watchdog.
const cluster = 'faults'
const clock = {now: () => Date.now(), newId}
let etcd: TestEtcd
let store: Store
let agents: AgentSet
const nodes: Record<string, AgentProc> = {}

const nodeCfg = (i: number) => ({cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, `node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, address: `127.0.3.${i}`, ttlSeconds: 1})
const startNode = (i: number) => (nodes[`node-${i}`] = agents.start('node', `node-${i}`, nodeCfg(i)))
const state = () => readClusterState(store)
const sleeper = (id: string, count: number) => testJob(id, count)

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints, nodeGraceMs: 3000})
  startNode(1)
  startNode(2)
  await waitFor('2 ready nodes', async () => (await state()).nodes.filter((n) => n.Status === 'ready').length === 2, 30_000)
}, 60_000)

afterAll(async () => {
  const crashes = agents ? crashLines(agents.dir) : []
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
  expect(crashes).toEqual([])
})

describe('node faults on real agents', () => {
  test('a node paused past its 1 s lease survives, registers again and runs its work', {timeout: 90_000}, async () => {
    await submitJob(store, sleeper('paused', 2), clock)
    await waitFor('2 running allocations', async () => (await state()).allocs.filter((a) => a.JobID === 'paused' && a.ClientStatus === 'running').length === 2, 30_000)
    const n1 = nodes['node-1']!
    const id1 = (await state()).nodes.find((n) => n.Name === 'node-1')!.ID
    process.kill(n1.proc.pid!, 'SIGSTOP')
    try {
      await waitFor('node-1 declared down while paused', async () => (await state()).nodes.find((n) => n.ID === id1)?.Status === 'down', 20_000)
    } finally {
      process.kill(n1.proc.pid!, 'SIGCONT')
    }
    await waitFor('node-1 registered again', async () => (await store.get(store.keys.node(id1))) !== null, 20_000)
    expect(agents.log('node-1')).toMatch(/lease (lost|renewed)/)
    // the job converges to 2 running allocations again, and node-1 is usable
    await waitFor('2 running allocations again', async () => (await state()).allocs.filter((a) => a.JobID === 'paused' && a.DesiredStatus === 'run' && a.ClientStatus === 'running').length === 2, 30_000)
    await new Promise((r) => setTimeout(r, 1500)) // a few lease rounds after the pause
    expect(pidAlive(n1.proc.pid!)).toBe(true)
    expect((await state()).nodes.find((n) => n.ID === id1)?.Status).toBe('ready')
    await stopJob(store, 'paused', true, clock)
  })

  test('a purged job leaves nothing behind and a restarted node does not start its allocations', {timeout: 90_000}, async () => {
    await submitJob(store, sleeper('purged', 2), clock)
    const placed = await waitFor('2 running', async () => {
      const a = (await state()).allocs.filter((x) => x.JobID === 'purged' && x.ClientStatus === 'running')
      return a.length === 2 ? a : null
    }, 30_000)
    // node-2 is killed (with its tasks) while the job is purged: its allocations wait for it
    const n2 = nodes['node-2']!
    process.kill(-n2.proc.pid!, 'SIGKILL')
    await stopJob(store, 'purged', true, clock)
    await waitFor('allocations, evaluations and deployments of the purged job collected', async () => {
      const st = await state()
      return !st.allocs.some((a) => a.JobID === 'purged') && !st.evals.some((e) => e.JobID === 'purged') && !st.deployments.some((d) => d.JobID === 'purged')
    }, 30_000)
    const statuses = await store.list(store.keys.allocStatuses)
    expect(statuses.items.filter((e) => placed.some((a) => e.key.endsWith(a.ID)))).toEqual([])
    startNode(2)
    await waitFor('node-2 back', async () => (await state()).nodes.filter((n) => n.Name === 'node-2' && n.Status === 'ready').length === 1, 30_000)
    await new Promise((r) => setTimeout(r, 1500))
    expect(agents.log('node-2')).not.toMatch(/not found for alloc/)
    expect((await state()).allocs.filter((a) => a.JobID === 'purged')).toEqual([])
  })

  test('tasks left behind when an agent and its watchdog die together are killed by the next agent', {timeout: 90_000}, async () => {
    await submitJob(store, sleeper('orphaned', 1), clock)
    const alloc = await waitFor('1 running', async () => (await state()).allocs.find((x) => x.JobID === 'orphaned' && x.ClientStatus === 'running'), 30_000)
    const name = alloc.NodeName
    const i = Number(name.slice('node-'.length))
    const labels = taskLabels(cluster, name, nodeCfg(i).stateDir)
    const groups = findTaskGroups(labels)
    expect(groups.length).toBe(1)
    // the agent and its watchdog (own session) die at once: the task lives on under init
    const agent = nodes[name]!
    process.kill(agent.proc.pid!, 'SIGSTOP') // it would replace a killed watchdog at once
    const watchdogs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(agent.proc.pid) && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('trap')
      } catch {
        return false
      }
    })
    expect(watchdogs.length).toBe(1)
    for (const w of watchdogs) process.kill(Number(w), 'SIGKILL')
    await agent.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 300))
    expect(findTaskGroups(labels).map((g) => g.pgid)).toEqual(groups.map((g) => g.pgid))
    startNode(i)
    await waitFor('the leftover task group killed', async () => findTaskGroups(labels).every((g) => !groups.some((o) => o.pgid === g.pgid)), 30_000)
    expect(agents.log(name)).toContain('killed 1 leftover task process group')
    await stopJob(store, 'orphaned', true, clock)
  })
})
