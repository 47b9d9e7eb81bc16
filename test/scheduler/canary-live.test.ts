// The canary defects end to end, on real processes (one etcd, one server, three node agents):
// `deployment fail` stops the unpromoted canary, and after a promoted canary the next version
// waits on a new canary instead of rolling on.
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {requestDeployment} from '../../src/cluster/deployment-actions.js'
import {listServers} from '../../src/cluster/server-list.js'
import {parseJobSource} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {isTerminal, type Allocation} from '../../src/model/index.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const clock = {now: () => Date.now(), newId}
const cluster = 'canary'
let etcd: TestEtcd
let store: Store
let agents: AgentSet

const canaryJob = (version: string) =>
  parseJobSource(
    `job "web" {
  datacenters = ["*"]
  update {
    max_parallel     = 1
    canary           = 1
    min_healthy_time = "300ms"
    healthy_deadline = "20s"
  }
  group "web" {
    count = 3
    task "web" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["300"]
      }
      env { VERSION = "${version}" }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}`,
    path.join(import.meta.dirname, 'canary.nomad.hcl'),
  )

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  for (const i of [1, 2, 3]) {
    agents.start('node', `node-${i}`, {cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, `node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, address: `127.0.4.${i}`, ttlSeconds: 2})
  }
  await waitFor('3 ready nodes and a leader', async () => {
    const st = await readClusterState(store)
    return st.nodes.filter((n) => n.Status === 'ready').length === 3 && (await listServers(store)).some((s) => s.leader)
  }, 60_000)
}, 90_000)

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

const live = async (): Promise<Allocation[]> => (await readClusterState(store)).allocs.filter((a) => a.JobID === 'web' && !isTerminal(a))
const deploymentOf = async (version: number) => (await readClusterState(store)).deployments.find((d) => d.JobID === 'web' && d.JobVersion === version)

test('deployment fail stops the unpromoted canary; after a promotion the next version gates on a new canary', async () => {
  await submitJob(store, await canaryJob('0'), clock)
  await waitFor('v0 deployment successful', async () => (await deploymentOf(0))?.Status === 'successful', 60_000)

  // v1: one canary beside the three v0 allocations; fail it
  await submitJob(store, await canaryJob('1'), clock)
  await waitFor('the v1 canary', async () => (await live()).some((a) => a.JobVersion === 1 && a.DeploymentStatus?.Canary), 60_000)
  await requestDeployment(store, (await deploymentOf(1))!.ID, 'fail', null, Date.now())
  const after = await waitFor('the canary stopped', async () => {
    const l = await live()
    return l.length === 3 && l.every((a) => a.JobVersion === 0) ? l : null
  }, 60_000)
  expect(after.map((a) => a.Name).sort()).toEqual(['web.web[0]', 'web.web[1]', 'web.web[2]'])

  // v2: canary, promote, roll out to the end
  await submitJob(store, await canaryJob('2'), clock)
  await waitFor('the v2 canary healthy', async () => (await live()).some((a) => a.JobVersion === 2 && a.DeploymentStatus?.Canary && a.DeploymentStatus.Healthy === true), 60_000)
  await requestDeployment(store, (await deploymentOf(2))!.ID, 'promote', null, Date.now())
  await waitFor('v2 deployment successful', async () => (await deploymentOf(2))?.Status === 'successful', 90_000)
  await waitFor('three v2 allocations', async () => {
    const l = await live()
    return l.length === 3 && l.every((a) => a.JobVersion === 2)
  }, 30_000)

  // v3: exactly one new canary; the promoted v2 canary keeps running and nothing else moves
  await submitJob(store, await canaryJob('3'), clock)
  await waitFor('the v3 canary', async () => (await live()).some((a) => a.JobVersion === 3), 60_000)
  await new Promise((r) => setTimeout(r, 1500)) // give a wrong scheduler the chance to place more
  const l = await live()
  expect(l.map((a) => `v${a.JobVersion}${a.DeploymentStatus?.Canary && a.JobVersion === 3 ? ' canary' : ''}`).sort()).toEqual(['v2', 'v2', 'v2', 'v3 canary'])
}, 300_000)
