// The scheduler configuration reaching a real server process: with service preemption on (off
// in Nomad's defaults), a higher-priority service job evicts a lower-priority one on a full
// node (one etcd, one server, one node agent running real processes).
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {listServers} from '../../src/cluster/server-list.js'
import {parseJobSource} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {isTerminal} from '../../src/model/index.js'
import type {SchedulerConfig} from '../../src/scheduler/index.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const clock = {now: () => Date.now(), newId}
const cluster = 'schedcfg'
const scheduler: SchedulerConfig = {algorithm: 'binpack', preemption: {system: true, sysbatch: false, service: true, batch: false}}
let etcd: TestEtcd
let store: Store
let agents: AgentSet

const job = (id: string, priority: number) =>
  parseJobSource(
    `job "${id}" {
  datacenters = ["*"]
  priority    = ${priority}
  group "g" {
    task "t" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["300"]
      }
      resources {
        cpu    = 700
        memory = 32
      }
    }
  }
}`,
    path.join(import.meta.dirname, `${id}.nomad.hcl`),
  )

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints, scheduler})
  agents.start('node', 'node-1', {cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, 'node-1'), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 1000, memory: 8192, address: '127.0.4.21', ttlSeconds: 2})
  await waitFor('a ready node and a leader', async () => {
    const st = await readClusterState(store)
    return st.nodes.some((n) => n.Status === 'ready') && (await listServers(store)).some((s) => s.leader)
  }, 60_000)
}, 90_000)

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

test('service_scheduler_enabled in the server options: the priority-80 job evicts the priority-20 one', async () => {
  await submitJob(store, await job('low', 20), clock)
  await waitFor('low running', async () => (await readClusterState(store)).allocs.some((a) => a.JobID === 'low' && a.ClientStatus === 'running'), 30_000)
  await submitJob(store, await job('high', 80), clock)
  await waitFor('high running, low evicted', async () => {
    const allocs = (await readClusterState(store)).allocs
    return allocs.some((a) => a.JobID === 'high' && a.ClientStatus === 'running') && allocs.some((a) => a.JobID === 'low' && a.DesiredStatus === 'evict')
  }, 30_000)
  const allocs = (await readClusterState(store)).allocs
  const high = allocs.find((a) => a.JobID === 'high' && !isTerminal(a))!
  expect(allocs.find((a) => a.JobID === 'low' && a.DesiredStatus === 'evict')).toMatchObject({DesiredDescription: `Preempted by alloc ID ${high.ID}`})
}, 90_000)
