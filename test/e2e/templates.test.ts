import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {putVariable} from '../../src/store/variables.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

// A job whose template uses if, range nomadService and with nomadVar, on real etcd and real
// agents; changing the variable re-renders the file and change_mode = "restart" restarts it.

const clock = {now: () => Date.now(), newId}
const cluster = 'tpl'
let etcd: TestEtcd
let store: Store
let agents: AgentSet

const DB = `
job "db" {
  datacenters = ["*"]
  group "db" {
    count = 2
    network {
      port "db" {}
    }
    service {
      name     = "db"
      port     = "db"
      provider = "nomad"
    }
    task "db" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["120"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}`

const APP = `
job "app" {
  datacenters = ["*"]
  group "web" {
    task "app" {
      driver = "raw_exec"
      config {
        command = "sh"
        args    = ["-c", "cat local/app.conf; exec sleep 120"]
      }
      template {
        destination = "local/app.conf"
        change_mode = "restart"
        splay       = "0s"
        data        = <<EOT
{{- with nomadVar "nomad/jobs/app" }}mode={{ .mode }}{{ end }}
{{- range $i, $s := nomadService "db" }}
db{{ $i }}={{ $s.Address }}:{{ $s.Port }}{{ if eq $i 0 }} primary{{ end }}
{{- end }}
node={{ env "node.unique.name" }}
EOT
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}`

async function submit(hcl: string) {
  const job = await parseJobSource(hcl, path.join(agents.dir, 'job.nomad.hcl'), {vars: {}})
  return submitJob(store, job, clock)
}

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  agents.start('node', 'node-1', {cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, 'node-1'), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, address: '127.0.3.1', ttlSeconds: 2})
  await waitFor('a ready node', async () => (await readClusterState(store)).nodes.some((n) => n.Status === 'ready'), 30_000)
})

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

describe('templates on real agents', () => {
  test('if, range nomadService and with nomadVar render; a variable change restarts the task', {timeout: 90_000}, async () => {
    await putVariable(store, 'nomad/jobs/app', {mode: 'blue'})
    await submit(DB)
    const db = await waitFor('two db instances in the catalog', async () => {
      const l = await store.list<{Address: string; Port: number}>(store.keys.serviceInstances('db'))
      return l.items.length === 2 ? l.items.map((e) => e.value).sort((a, b) => a.Port - b.Port) : null
    }, 40_000)
    await submit(APP)
    const alloc = await waitFor('app running', async () => (await readClusterState(store)).allocs.find((a) => a.JobID === 'app' && a.ClientStatus === 'running'), 40_000)
    const log = path.join(agents.dir, 'node-1', 'allocs', alloc.ID, 'alloc', 'logs', 'app.stdout.0')
    const read = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '')
    const conf = (mode: string) => {
      const byAddr = [...db].sort((a, b) => (a.Address < b.Address ? -1 : a.Address > b.Address ? 1 : a.Port - b.Port))
      return `mode=${mode}\n${byAddr.map((s, i) => `db${i}=${s.Address}:${s.Port}${i === 0 ? ' primary' : ''}`).join('\n')}\nnode=node-1\n`
    }
    await waitFor('first render in the task output', async () => read().includes('mode=blue'), 20_000)
    expect(read()).toBe(conf('blue'))

    await putVariable(store, 'nomad/jobs/app', {mode: 'green'})
    await waitFor('re-rendered output after a restart', async () => read().includes('mode=green'), 30_000)
    expect(read()).toBe(conf('blue') + conf('green'))
    const st = await waitFor('restart recorded', async () => {
      const a = (await readClusterState(store)).allocs.find((x) => x.ID === alloc.ID)
      return a?.TaskStates?.app?.Restarts === 1 ? a.TaskStates.app : null
    })
    expect(st.Events.map((e) => e.Type)).toContain('Restart Signaled')
    expect(fs.readFileSync(path.join(agents.dir, 'node-1', 'allocs', alloc.ID, 'app', 'local', 'app.conf'), 'utf8')).toBe(conf('green'))
  })
})
