import {spawn, type ChildProcess} from 'node:child_process'
import {readKvCredentials} from '../../src/kv/credentials.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {findTaskGroups, taskLabels} from '../../src/lib/proc.js'
import {downPlatform} from '../../src/platform/down.js'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {readState, writeState} from '../../src/platform/state.js'
import {readSuperviseRecord} from '../../src/platform/supervise-record.js'
import {liveSupervisor} from '../../src/platform/supervisor-client.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {upPlatform} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {formatStatus} from '../../src/ui/progress/format-status.js'
import {pidAlive, waitFor} from '../support/agents.js'
import {crashLines} from '../support/crash-lines.js'

// Orphaned tasks and process identity on a platform as `up` starts it (etcd, a server, a node).
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
let dir: string
let file: string
let stateDir: string
const decoys: ChildProcess[] = []

const SLEEPER = `job "sleeper" {
  datacenters = ["*"]
  group "s" {
    task "s" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["300"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`
const labels = () => taskLabels('ident', 'node-1', path.join(stateDir, 'nodes', 'node-1'))
const nodeOf = async () => (await readState(stateDir))!.components.find((c) => c.name === 'node-1')!

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-ident-'))
  fs.writeFileSync(path.join(dir, 'sleeper.nomad.hcl'), SLEEPER)
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: ident\nkv:\n  members: 1\nservers: 1\nnodes: 1\nproxies: 0\njobs:\n  - sleeper.nomad.hcl\n`)
  stateDir = path.join(dir, '.zdev', 'ident')
  await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
}, 120_000)

afterAll(async () => {
  const crashes = stateDir ? crashLines(stateDir) : []
  for (const d of decoys) d.kill('SIGKILL')
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
  expect(crashes).toEqual([])
}, 60_000)

describe('orphans and process identity', () => {
  test('tasks of a node whose agent and watchdog died together: status and up report them, the node kills them', {timeout: 120_000}, async () => {
    const groups = await waitFor('the sleeper task running', async () => {
      const g = findTaskGroups(labels())
      return g.length === 1 ? g : null
    }, 30_000)
    // the whole "host" dies at once: the platform's supervisor, the agent and its watchdog (the
    // agent is stopped first so that it cannot replace its watchdog or notice its supervisor going)
    const supervisor = liveSupervisor(stateDir)!.pid
    const agent = (await nodeOf()).pid!
    expect(readSuperviseRecord(stateDir, 'node-1')!.childPid).toBe(agent)
    process.kill(agent, 'SIGSTOP')
    process.kill(supervisor, 'SIGKILL')
    const watchdog = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).find((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(agent) && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('trap')
      } catch {
        return false
      }
    })
    expect(watchdog).toBeDefined()
    process.kill(Number(watchdog), 'SIGKILL')
    process.kill(agent, 'SIGKILL')
    await waitFor('the agent gone', async () => !pidAlive(agent) || fs.readFileSync(`/proc/${agent}/stat`, 'utf8').includes(') Z'), 10_000)
    const st = await readPlatformStatus(file)
    expect(st.orphans).toEqual([{node: 'node-1', pids: groups[0]!.pids}])
    expect(formatStatus(st)).toContain(`orphans: node-1: 1 leftover task process(es) with no node agent (pids ${groups[0]!.pids[0]})`)
    const up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
    expect(up.orphans).toEqual([{node: 'node-1', pids: groups[0]!.pids}])
    // the leftover group is killed and the job runs once, not twice
    await waitFor('one sleeper, a new one', async () => {
      const g = findTaskGroups(labels())
      return g.length === 1 && g[0]!.pgid !== groups[0]!.pgid
    }, 30_000)
    expect(isProcessAlive(groups[0]!.pids[0]!)).toBe(false) // (a zombie until init reaps it counts as gone)
    expect((await readPlatformStatus(file)).orphans).toEqual([])
  })

  test('a forged pid in state.json (same argv, another cluster) is never signalled', {timeout: 120_000}, async () => {
    const real = await nodeOf()
    // A process with exactly the agent's argv that is not ours: NODE_OPTIONS preloads a script
    // that blocks forever before the agent's code runs (a recycled pid running another cluster's agent).
    const preload = path.join(dir, 'block.cjs')
    fs.writeFileSync(preload, 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)\n')
    const spawnDecoy = (env: Record<string, string>) => {
      const d = spawn(real.command, real.args, {env: {...process.env, ...env, NODE_OPTIONS: `--require ${preload}`}, stdio: 'ignore', detached: true})
      decoys.push(d)
      return d
    }
    const otherCluster = spawnDecoy({ZDEV_CLUSTER_ID: 'zdev-other-0000'})
    const sameMarker = spawnDecoy({ZDEV_CLUSTER_ID: real.env.ZDEV_CLUSTER_ID!})
    await waitFor('decoys running', async () => pidAlive(otherCluster.pid!) && pidAlive(sameMarker.pid!) && fs.readFileSync(`/proc/${sameMarker.pid}/cmdline`, 'utf8').includes('node-1'), 10_000)
    expect(fs.readFileSync(`/proc/${otherCluster.pid}/cmdline`, 'utf8').split('\0').slice(1, -1)).toEqual(real.args)
    // argv matches, the start time does not (and for the first, the marker neither)
    expect(isProcessAlive(otherCluster.pid, real)).toBe(false)
    expect(isProcessAlive(sameMarker.pid, real)).toBe(false)
    expect(isProcessAlive(real.pid, real)).toBe(true)
    for (const decoy of [otherCluster, sameMarker]) {
      const s = (await readState(stateDir))!
      await writeState(stateDir, {...s, components: s.components.map((c) => (c.name === 'node-1' ? {...c, pid: decoy.pid!} : c))})
      const st = await readPlatformStatus(file)
      expect(st.components.find((c) => c.name === 'node-1')?.alive).toBe(false)
      const d = await downPlatform(file)
      expect(d.stopped.find((x) => x.name === 'node-1')?.how).toBe('gone')
      expect(pidAlive(decoy.pid!)).toBe(true)
      // the real agent was left out of state.json by the forgery; the supervisor, whose child it
      // is, stops it as down stops the supervisor (else down's label sweep would)
      expect(isProcessAlive(real.pid, real)).toBe(false)
      await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 60_000})
      Object.assign(real, await nodeOf())
    }
    const store = Store.connect((await readState(stateDir))!.components.filter((c) => c.kind === 'etcd').flatMap((c) => c.endpoints), 'ident', 2000, readKvCredentials(stateDir)!.zdev)
    try {
      await waitFor('node-1 ready', async () => (await readClusterState(store)).nodes.some((n) => n.Name === 'node-1' && n.Status === 'ready'), 30_000)
    } finally {
      store.close()
    }
  })
})
