import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {loadJobFile} from '../../src/jobspec/index.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {newId} from '../../src/lib/ids.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const WHOAMI = path.resolve(import.meta.dirname, '../../fixtures/samples/whoami/whoami.nomad.hcl')
const clock = {now: () => Date.now(), newId}

let etcd: TestEtcd
let store: Store
let agents: AgentSet
const cluster = 'e2e'

function nodeCfg(i: number) {
  return {cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, `node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, address: `127.0.1.${i}`, ttlSeconds: 2}
}

async function runningAllocs(job: string) {
  const st = await readClusterState(store)
  return st.allocs.filter((a) => a.JobID === job && a.DesiredStatus === 'run' && a.ClientStatus === 'running')
}

async function answer(addr: string): Promise<{node: string; alloc_id: string; version: string}> {
  const r = await fetch(`http://${addr}/`, {signal: AbortSignal.timeout(2000)})
  return (await r.json()) as {node: string; alloc_id: string; version: string}
}

function httpAddr(a: {AllocatedResources: {Shared: {Ports: {Label: string; Value: number; HostIP: string}[]}}}): string {
  const p = a.AllocatedResources.Shared.Ports.find((x) => x.Label === 'http')!
  return `${p.HostIP}:${p.Value}`
}

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  agents.start('server', 'server-2', {cluster, endpoints: etcd.endpoints})
  for (const i of [1, 2, 3, 4]) agents.start('node', `node-${i}`, nodeCfg(i))
  await waitFor('4 ready nodes', async () => (await readClusterState(store)).nodes.filter((n) => n.Status === 'ready').length === 4)
})

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

describe('servers and node agents (real processes)', () => {
  test('whoami ×3 with spread lands on 3 nodes and every instance answers on its NOMAD_ADDR_http', async () => {
    const job = await loadJobFile(WHOAMI)
    await submitJob(store, job, clock)
    const allocs = await waitFor('3 running whoami allocs with healthy instances', async () => {
      const r = await runningAllocs('whoami')
      const st = await readClusterState(store)
      const healthy = st.services.filter((s) => s.Healthy && r.some((a) => a.ID === s.AllocID))
      return r.length === 3 && healthy.length === 3 ? r : null
    }, 30_000)
    expect(new Set(allocs.map((a) => a.NodeID)).size).toBe(3)
    for (const a of allocs) {
      const reply = await answer(httpAddr(a))
      expect(reply.alloc_id).toBe(a.ID)
      expect(reply.node).toBe(a.NodeName)
      expect(httpAddr(a).startsWith(a.NodeName.replace('node-', '127.0.1.'))).toBe(true)
    }
  })

  test('SIGKILL of a node agent: its workloads die with it, allocations are replaced elsewhere and healthy', {timeout: 60_000}, async () => {
    const before = await runningAllocs('whoami')
    const victim = before[0]
    const victimAddr = httpAddr(victim)
    const t0 = Date.now()
    const nodeProc = (agents as unknown as {procs: {name: string; kill(s?: string): Promise<void>}[]}).procs.find((p) => p.name === victim.NodeName)!
    await nodeProc.kill('SIGKILL')
    // the workload dies with its host: its port stops answering
    await waitFor('the killed node\'s workload to stop answering', async () => {
      try {
        await answer(victimAddr)
        return false
      } catch {
        return true
      }
    }, 5000)
    const after = await waitFor('3 running whoami allocs again, none on the dead node', async () => {
      const r = await runningAllocs('whoami')
      const st = await readClusterState(store)
      const healthy = r.filter((a) => a.NodeID !== victim.NodeID)
      const instances = st.services.filter((s) => s.ServiceName === 'whoami' && s.Healthy && s.NodeID !== victim.NodeID)
      return healthy.length === 3 && instances.length === 3 ? healthy : null
    }, 30_000, 50).catch(async (err) => {
      const st = await readClusterState(store)
      console.log(JSON.stringify({nodes: st.nodes.map((n) => [n.Name, n.Status]), allocs: st.allocs.map((a) => [a.Name, a.NodeName, a.DesiredStatus, a.ClientStatus, a.ClientDescription]), evals: st.evals.map((e) => [e.TriggeredBy, e.Status, e.StatusDescription]), services: st.services.map((s) => [s.NodeID.slice(0, 4), s.Healthy])}, null, 1))
      console.log(agents.log('server-1'), agents.log('node-2'), agents.log('node-3'), agents.log('node-4'))
      throw err
    })
    const elapsed = Date.now() - t0
    console.log(`node loss → all healthy: ${elapsed} ms`)
    const st = await readClusterState(store)
    expect(st.nodes.find((n) => n.ID === victim.NodeID)?.Status).toBe('down')
    expect(st.allocs.find((a) => a.ID === victim.ID)?.ClientStatus).toBe('lost')
    for (const a of after) expect((await answer(httpAddr(a))).alloc_id).toBe(a.ID)
  })
})
