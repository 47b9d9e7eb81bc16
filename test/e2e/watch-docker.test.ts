// `zdev watch` and a docker build context, end to end: the platform file's `images:` entry is
// built by `up` from a folder (no registry; the base is the tests' local busybox); saving a file
// in that folder rebuilds the image and restarts only the docker task that runs it, in place, in
// a container of the new image. The raw_exec sibling in the same allocation keeps running.
import {execFile, spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {readKvCredentials} from '../../src/kv/credentials.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'
import {ensureBusybox, testDaemon} from '../support/docker.js'

const AGENT = path.resolve(import.meta.dirname, '../../dist/agent.js')
const BIN = path.resolve(import.meta.dirname, '../../bin/run.js')
const CLUSTER = `watchdk${process.pid}`
const TAG = `zdev-test/watch-msg:${process.pid}`
const run = promisify(execFile)

let dir: string
let file: string
let store: Store
let watcher: ChildProcess | undefined
let out = ''

const JOB = `
job "msg" {
  datacenters = ["*"]
  group "msg" {
    task "box" {
      driver = "docker"
      config {
        image        = "${TAG}"
        network_mode = "host"
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

async function tasks(): Promise<{alloc: string; box: number; side: number}> {
  const a = (await readClusterState(store)).allocs.find((x) => x.JobID === 'msg' && x.DesiredStatus === 'run' && x.ClientStatus === 'running')
  const s = a?.TaskStates ?? {}
  return {alloc: a?.ID ?? '', box: s.box?.State === 'running' ? s.box.StartedAt ?? 0 : 0, side: s.side?.State === 'running' ? s.side.StartedAt ?? 0 : 0}
}

const message = async (alloc: string) =>
  (await run(process.execPath, [BIN, 'alloc', 'exec', alloc, '--task', 'box', '--', 'cat', '/msg.txt'], {cwd: dir, env: {...process.env, CI: '', NO_COLOR: '1'}, timeout: 30_000})).stdout

beforeAll(async () => {
  if (!fs.existsSync(AGENT)) throw new Error('dist/ is missing: run `npm run build` first')
  const base = await ensureBusybox((await testDaemon()).docker)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-watchdk-'))
  fs.mkdirSync(path.join(dir, 'img'))
  fs.writeFileSync(path.join(dir, 'img/Dockerfile'), `FROM ${base}\nCOPY msg.txt /msg.txt\nCMD ["sh", "-c", "trap 'exit 0' TERM; cat /msg.txt; sleep 600 & wait"]\n`)
  fs.writeFileSync(path.join(dir, 'img/msg.txt'), 'v1\n')
  fs.writeFileSync(path.join(dir, 'msg.nomad.hcl'), JOB)
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, [`name: ${CLUSTER}`, 'runtime: docker', 'kv:', '  members: 1', 'servers: 1', 'nodes: 1', 'proxies: 0', 'images:', `  - {tag: "${TAG}", context: img}`, 'jobs: [msg.nomad.hcl]', ''].join('\n'))
  const up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000})
  store = Store.connect(up.kvEndpoints, CLUSTER, 2000, readKvCredentials(up.stateDir)!.zdev)
  await waitFor('both tasks running', async () => {
    const t = await tasks()
    return t.box > 0 && t.side > 0
  }, 90_000)
  watcher = spawn(process.execPath, [BIN, 'watch', '--no-initial'], {cwd: dir, env: {...process.env, CI: '', NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  watcher.stdout!.on('data', (b) => (out += b))
  watcher.stderr!.on('data', (b) => (out += b))
  await waitFor('watch to start', async () => /1 build context\(s\)/.test(out), 60_000)
}, 240_000)

afterAll(async () => {
  watcher?.kill('SIGINT')
  await new Promise((r) => setTimeout(r, 200))
  watcher?.kill('SIGKILL')
  store?.close()
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
  await (await testDaemon()).docker.getImage(TAG).remove({force: true}).catch(() => undefined)
}, 90_000)

describe('zdev watch rebuilds an image and restarts only its task', () => {
  test('saving a file in the build context: image rebuilt, the docker task restarted in place on it, its raw_exec sibling untouched', {timeout: 150_000}, async () => {
    const before = await tasks()
    expect(await message(before.alloc)).toBe('v1\n')
    const t0 = Date.now()
    fs.writeFileSync(path.join(dir, 'img/msg.txt'), 'v2\n')
    await waitFor('the box task running again', async () => (await tasks()).box > before.box, 90_000, 100)
    const ms = Date.now() - t0
    const after = await tasks()
    expect(after.alloc).toBe(before.alloc) // in place: the same allocation
    expect(after.side).toBe(before.side) // the sibling was not restarted
    expect(await message(after.alloc)).toBe('v2\n')
    await waitFor('watch to report', async () => /✓ 1 task\(s\) restarted and running again in \d+ ms/.test(out), 30_000)
    console.log(`watch (docker): save → rebuilt image (${/rebuilt in (\d+) ms/.exec(out)?.[1]} ms) → box running again ${ms} ms`)
    expect(out).toMatch(new RegExp(`✓ image ${TAG.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} rebuilt in \\d+ ms`))
  })
})
