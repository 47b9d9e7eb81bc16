// `zdev watch` restarts only the affected tasks, end to end: a real platform (etcd, a server,
// 2 nodes), the compiled CLI watching it, and a person editing the script a raw_exec task gets as
// a local artifact: that task restarts in place in each allocation (and runs the new script);
// its sibling task and the other job's allocation keep running untouched (start times unchanged).
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {readKvCredentials} from '../../src/kv/credentials.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'

const AGENT = path.resolve(import.meta.dirname, '../../dist/agent.js')
const BIN = path.resolve(import.meta.dirname, '../../bin/run.js')
/** The stated time: a saved script's task runs again within this. */
const RESTARTED_WITHIN_MS = 60_000

let dir: string
let file: string
let stateDir: string
let store: Store
let watcher: ChildProcess | undefined
let out = ''

const script = (v: number) => `echo "app version ${v}"\nexec sleep 600\n`
const tool = (v: number) => `#!/bin/sh\necho "tool version ${v}"\nexec sleep 600\n`

const job = (d: string) => `
job "duo" {
  datacenters = ["*"]
  group "duo" {
    count = 2
    task "app" {
      driver = "raw_exec"
      artifact {
        source = "${d}/app.sh"
      }
      config {
        command = "sh"
        args    = ["local/app.sh"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
    task "side" {
      driver = "raw_exec"
      config {
        command = "sh"
        args    = ["-c", "exec sleep 600"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`
const other = (d: string) => `
job "other" {
  datacenters = ["*"]
  group "other" {
    task "tool" {
      driver = "raw_exec"
      config {
        command = "${d}/bin/tool.sh"
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`

/** StartedAt of every running task, by "<alloc>/<task>". */
async function startTimes(): Promise<Record<string, number>> {
  const st = await readClusterState(store)
  const out: Record<string, number> = {}
  for (const a of st.allocs) {
    if (a.DesiredStatus !== 'run') continue
    for (const [t, s] of Object.entries(a.TaskStates ?? {})) if (s.State === 'running') out[`${a.ID}/${t}`] = s.StartedAt ?? 0
  }
  return out
}

function logsOf(task: string): string {
  const nodes = path.join(stateDir, 'nodes')
  let text = ''
  for (const n of fs.readdirSync(nodes)) {
    const allocs = path.join(nodes, n, 'allocs')
    if (!fs.existsSync(allocs)) continue
    for (const a of fs.readdirSync(allocs)) {
      const logs = path.join(allocs, a, 'alloc', 'logs')
      for (const f of fs.existsSync(logs) ? fs.readdirSync(logs) : []) if (f.startsWith(`${task}.stdout`)) text += fs.readFileSync(path.join(logs, f), 'utf8')
    }
  }
  return text
}

beforeAll(async () => {
  if (!fs.existsSync(AGENT)) throw new Error('dist/ is missing: run `npm run build` first')
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-watchrs-'))
  fs.mkdirSync(path.join(dir, 'bin'))
  fs.writeFileSync(path.join(dir, 'app.sh'), script(1))
  fs.writeFileSync(path.join(dir, 'bin/tool.sh'), tool(1), {mode: 0o755})
  fs.writeFileSync(path.join(dir, 'duo.nomad.hcl'), job(dir))
  fs.writeFileSync(path.join(dir, 'other.nomad.hcl'), other(dir))
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: watchrs${process.pid}\nkv:\n  members: 1\nservers: 1\nnodes: 2\nproxies: 0\njobs:\n  - duo.nomad.hcl\n  - other.nomad.hcl\n`)
  const up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000})
  stateDir = up.stateDir
  store = Store.connect(up.kvEndpoints, `watchrs${process.pid}`, 2000, readKvCredentials(up.stateDir)!.zdev)
  await waitFor('5 tasks running', async () => Object.keys(await startTimes()).length === 5, 60_000)
  watcher = spawn(process.execPath, [BIN, 'watch', '--no-initial'], {cwd: dir, env: {...process.env, CI: '', NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  watcher.stdout!.on('data', (b) => (out += b))
  watcher.stderr!.on('data', (b) => (out += b))
  await waitFor('watch to start', async () => /watching \d+ file\(s\) and 2 task source\(s\)/.test(out), 60_000)
}, 180_000)

afterAll(async () => {
  watcher?.kill('SIGINT')
  await new Promise((r) => setTimeout(r, 200))
  watcher?.kill('SIGKILL')
  store?.close()
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
}, 60_000)

describe('zdev watch restarts only the affected tasks', () => {
  test(`saving a task's artifact script restarts that task in each allocation within ${RESTARTED_WITHIN_MS / 1000} s, nothing else`, {timeout: 120_000}, async () => {
    const before = await startTimes()
    const apps = Object.keys(before).filter((k) => k.endsWith('/app'))
    expect(apps).toHaveLength(2)
    const t0 = Date.now()
    fs.writeFileSync(path.join(dir, 'app.sh'), script(2))
    await waitFor('both app tasks running again', async () => {
      const now = await startTimes()
      return apps.every((k) => (now[k] ?? 0) > before[k]!)
    }, RESTARTED_WITHIN_MS, 100)
    const ms = Date.now() - t0
    const after = await startTimes()
    for (const [k, t] of Object.entries(before)) if (!k.endsWith('/app')) expect([k, after[k]]).toEqual([k, t]) // side and tool untouched
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort()) // same allocations: in place
    await waitFor('the new script running', async () => (logsOf('app').match(/app version 2/g) ?? []).length === 2, 10_000)
    expect(out).toMatch(/↻ restarting app of duo\.duo\[\d\]/)
    await waitFor('watch to report', async () => /✓ 2 task\(s\) restarted and running again in \d+ ms/.test(out), 10_000)
    console.log(`watch: save → both restarted app tasks running again ${ms} ms (watch says: ${/running again in (\d+) ms/.exec(out)?.[1] ?? '?'} ms from the request)`)
    expect(out).not.toMatch(/Job: "duo"/) // no job re-submitted
  })

  test('a script in the project run as a task\'s command restarts only that task', {timeout: 120_000}, async () => {
    const before = await startTimes()
    const toolKey = Object.keys(before).find((k) => k.endsWith('/tool'))!
    fs.writeFileSync(path.join(dir, 'bin/tool.sh'), tool(2), {mode: 0o755})
    await waitFor('tool running again', async () => ((await startTimes())[toolKey] ?? 0) > before[toolKey]!, RESTARTED_WITHIN_MS, 100)
    const after = await startTimes()
    for (const [k, t] of Object.entries(before)) if (k !== toolKey) expect([k, after[k]]).toEqual([k, t])
    await waitFor('the new tool running', async () => logsOf('tool').includes('tool version 2'), 10_000)
    expect(watcher!.exitCode).toBeNull()
  })
})
