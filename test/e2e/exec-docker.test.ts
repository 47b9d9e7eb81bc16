// `zdev alloc exec` / `zdev exec` against a docker task, end to end: one etcd, one server, a node
// agent with the docker driver (dockerd must run; a busybox image is built here, no registry;
// host networking), and the compiled CLI. The command runs inside the container (a file that
// exists only in the task's /local), and its exit code is passed through.
import {execFile} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {listLabelled, removeLabelled} from '../../src/drivers/docker-cleanup.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {loadJobFile} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {ensureBusybox, testDaemon} from '../support/docker.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const run = promisify(execFile)
const bin = process.env.ZDEV_CLI_BIN ?? path.resolve(import.meta.dirname, '../../bin/run.js')
const cluster = `dexec${process.pid}`
let etcd: TestEtcd
let agents: AgentSet
let dir: string
let stateDir: string
let store: Store
let allocId = ''

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, [bin, ...args], {cwd: dir, env: {...process.env, ZDEV_FILE: path.join(dir, 'zdev.yaml'), CI: '', NO_COLOR: '1'}, timeout: 60_000})
    return {code: 0, stdout, stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

const JOB = (image: string) => `
job "box" {
  datacenters = ["*"]
  group "box" {
    task "shell" {
      driver = "docker"
      config {
        image        = "${image}"
        network_mode = "host"
        command      = "sh"
        args         = ["-c", "sleep 600"]
      }
      template {
        data        = "inside {{ env \\"NOMAD_ALLOC_ID\\" }}\\n"
        destination = "local/greeting.txt"
      }
      resources {
        cpu    = 100
        memory = 32
      }
    }
  }
}`

beforeAll(async () => {
  const image = await ensureBusybox((await testDaemon()).docker)
  etcd = await startTestEtcd()
  agents = new AgentSet()
  dir = agents.dir
  stateDir = path.join(dir, '.zdev', cluster)
  mkdirSync(stateDir, {recursive: true})
  writeFileSync(path.join(dir, 'zdev.yaml'), `name: ${cluster}\nservers: 0\nnodes: 0\n`)
  const now = new Date().toISOString()
  writeFileSync(path.join(stateDir, 'state.json'), JSON.stringify({
    version: 1, cluster, platformFile: path.join(dir, 'zdev.yaml'), token: 't', createdAt: now, updatedAt: now,
    components: [{name: 'etcd-1', kind: 'etcd', pid: null, ports: {}, endpoints: etcd.endpoints, startedAt: now, stoppedAt: null, command: 'etcd', args: [], env: {}, cwd: dir, logFile: ''}],
  }))
  writeFileSync(path.join(dir, 'box.nomad.hcl'), JOB(image))
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  agents.start('node', 'node-1', {cluster, endpoints: etcd.endpoints, stateDir: path.join(stateDir, 'nodes', 'node-1'), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 2000, memory: 2048, address: '127.0.4.1', ttlSeconds: 2, drivers: ['raw_exec', 'docker']})
  store = Store.connect(etcd.endpoints, cluster)
  await waitFor('a ready node with docker', async () => (await readClusterState(store)).nodes.some((n) => n.Status === 'ready' && n.Attributes['driver.docker'] === '1'), 60_000)
  await submitJob(store, await loadJobFile(path.join(dir, 'box.nomad.hcl')), {now: () => Date.now(), newId})
  await waitFor('the box task running', async () => {
    const a = (await readClusterState(store)).allocs.find((x) => x.JobID === 'box' && x.ClientStatus === 'running')
    allocId = a?.ID ?? ''
    return Boolean(a)
  }, 90_000)
}, 240_000)

afterAll(async () => {
  store?.close()
  await agents?.cleanup()
  await etcd?.stop()
  if (stateDir) await removeLabelled((await testDaemon()).docker, {'zdev.cluster': cluster}).catch(() => undefined)
}, 60_000)

describe('alloc exec into a docker task', () => {
  test('the command runs inside the task\'s container: /local holds the rendered file, the container\'s own processes', {timeout: 90_000}, async () => {
    const [c] = await listLabelled((await testDaemon()).docker, {'zdev.cluster': cluster, 'zdev.alloc': allocId})
    expect(c?.name).toBe(`shell-${allocId}`) // the docker driver's container name
    const r = await zdev('alloc', 'exec', allocId.slice(0, 8), '--', 'cat', '/local/greeting.txt')
    expect(r).toMatchObject({code: 0, stdout: `inside ${allocId}\n`})
    const ps = await zdev('alloc', 'exec', allocId, '--', 'cat', '/proc/1/cmdline')
    expect(ps.stdout.split('\0')).toEqual(['sleep', '600', '']) // busybox sh execs its last command: pid 1 of the container
    const env = await zdev('exec', 'box', '--', 'sh', '-c', 'echo $NOMAD_TASK_DIR')
    expect(env).toMatchObject({code: 0, stdout: '/local\n'})
  })

  test("the exit code is passed through, docker exec's 126/127 for a command the container lacks", {timeout: 90_000}, async () => {
    expect((await zdev('alloc', 'exec', allocId, '--', 'sh', '-c', 'exit 7')).code).toBe(7)
    const missing = await zdev('alloc', 'exec', allocId, '--', 'no-such-binary')
    expect([126, 127]).toContain(missing.code) // docker exec: cannot be invoked / not found
    expect(missing.stdout + missing.stderr).toContain('no-such-binary')
  })
})
