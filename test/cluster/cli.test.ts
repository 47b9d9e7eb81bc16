// The compiled cluster commands driven as a user would (no TTY), against real processes: one
// etcd, one server, two node agents, and a hand-written state file so that `-f`/`--file`
// finds the cluster. Needs a build (dist/, or $ZDEV_CLI_BIN pointing at another build's bin).
import {execFile, spawn} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const run = promisify(execFile)
const bin = process.env.ZDEV_CLI_BIN ?? path.resolve(import.meta.dirname, '../../bin/run.js')
const cluster = 'clicl'
let etcd: TestEtcd
let agents: AgentSet
let dir: string

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, [bin, ...args], {cwd: dir, env: {...process.env, ZDEV_FILE: path.join(dir, 'zdev.yaml'), CI: '', NO_COLOR: '1'}, timeout: 40_000})
    return {code: 0, stdout, stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

const jobFile = (name: string, driver: string, config: string, count = 2) => `
job "${name}" {
  datacenters = ["*"]
  update {
    max_parallel     = 2
    min_healthy_time = "300ms"
  }
  group "${name}" {
    count = ${count}
    task "${name}" {
      driver = "${driver}"
      config {
        ${config}
      }
      resources {
        cpu    = 100
        memory = 32
      }
    }
  }
}`

beforeAll(async () => {
  etcd = await startTestEtcd()
  agents = new AgentSet()
  dir = agents.dir
  const stateDir = path.join(dir, '.zdev', cluster)
  mkdirSync(stateDir, {recursive: true})
  writeFileSync(path.join(dir, 'zdev.yaml'), `name: ${cluster}\nservers: 0\nnodes: 0\n`)
  const now = new Date().toISOString()
  writeFileSync(path.join(stateDir, 'state.json'), JSON.stringify({
    version: 1, cluster, platformFile: path.join(dir, 'zdev.yaml'), token: 't', createdAt: now, updatedAt: now,
    components: [{name: 'etcd-1', kind: 'etcd', pid: null, ports: {}, endpoints: etcd.endpoints, startedAt: now, stoppedAt: null, command: 'etcd', args: [], env: {}, cwd: dir, logFile: ''}],
  }))
  writeFileSync(path.join(dir, 'chat.nomad.hcl'), jobFile('chat', 'raw_exec', 'command = "sh"\n        args = ["-c", "i=0; while true; do echo \\"hello $i\\"; i=$((i+1)); sleep 0.1; done"]'))
  writeFileSync(path.join(dir, 'redis.nomad.hcl'), jobFile('redis', 'docker', 'image = "redis:7"', 1))
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  for (const i of [1, 2]) {
    agents.start('node', `node-${i}`, {cluster, endpoints: etcd.endpoints, stateDir: path.join(stateDir, 'nodes', `node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 2000, memory: 2048, address: `127.0.4.${i}`, ttlSeconds: 2})
  }
  const store = Store.connect(etcd.endpoints, cluster)
  try {
    await waitFor('2 ready nodes', async () => (await readClusterState(store)).nodes.filter((n) => n.Status === 'ready').length === 2)
  } finally {
    store.close()
  }
})

afterAll(async () => {
  await agents?.cleanup()
  await etcd?.stop()
})

describe.sequential('zdev cluster commands (compiled CLI)', () => {
  let allocId = ''

  test('job run: monitors to a successful deployment, exit 0', async () => {
    const r = await zdev('job', 'run', 'chat.nomad.hcl')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Monitoring evaluation "[0-9a-f]{8}"/)
    expect(r.stdout).toMatch(/✓ Deployment "[0-9a-f]{8}" successful/)
  })

  test('job run: a missing driver exits 2 with the explanation', async () => {
    const r = await zdev('job', 'run', 'redis.nomad.hcl')
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('    Task Group "redis" (failed to place 1 allocation):\n      * Constraint "missing drivers": 2 nodes excluded by filter (docker)\n')
  })

  test('job run --json of a failed placement: one JSON object (the result), exit 2', async () => {
    const r = await zdev('job', 'run', 'redis.nomad.hcl', '--json')
    expect(r.code).toBe(2)
    const result = JSON.parse(r.stdout) as {exitCode: number; error?: unknown}
    expect(result.exitCode).toBe(2)
    expect(result.error).toBeUndefined()
  })

  test('job status --json is the view', async () => {
    const j = JSON.parse((await zdev('job', 'status', 'chat', '--json')).stdout)
    expect(j.groups).toEqual([{group: 'chat', desired: 2, placed: 2, queued: 0, starting: 0, running: 2, failed: 0, complete: 0, lost: 0}])
    allocId = j.allocations[0].id
  })

  test('alloc exec runs in the task\'s environment and directory, and exits with the command\'s code', async () => {
    const r = await zdev('alloc', 'exec', allocId.slice(0, 6), '--', 'sh', '-c', 'echo "$NOMAD_ALLOC_ID $NOMAD_TASK_NAME"; pwd; ls')
    expect(r.code).toBe(0)
    const [ids, cwd, ...ls] = r.stdout.trim().split('\n')
    expect(ids).toBe(`${allocId} chat`)
    expect(cwd).toMatch(new RegExp(`/\\.zdev/${cluster}/nodes/node-\\d/allocs/${allocId}/chat$`))
    expect(ls).toEqual(expect.arrayContaining(['local', 'secrets', 'tmp']))
    expect((await zdev('alloc', 'exec', allocId, '--', 'sh', '-c', 'exit 3')).code).toBe(3)
  })

  test('exec JOB picks the running allocation with the lowest index; -t off a terminal is refused', async () => {
    const r = await zdev('exec', 'chat', '--', 'sh', '-c', 'echo $NOMAD_ALLOC_NAME')
    expect(r).toMatchObject({code: 0, stdout: 'chat.chat[0]\n'})
    const t = await zdev('exec', 'chat', '-t', '--', 'true')
    expect(t.code).toBe(1)
    expect(t.stderr).toContain('-t needs a terminal, but stdin is not one')
    const none = await zdev('exec', 'chat')
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('Give the command to run after --')
  })

  test('alloc logs by ID prefix, last lines', async () => {
    const l = await zdev('alloc', 'logs', allocId.slice(0, 6), '--tail', '2')
    expect(l.stdout).toMatch(/^hello \d+\nhello \d+\n$/)
  })

  test('logs: both replicas, prefixed with allocation and node', async () => {
    const r = await zdev('logs', 'chat', '--tail', '1')
    expect(r.stdout).toMatch(/^\[chat\.chat\[0\] node-\d\] hello \d+\n\[chat\.chat\[1\] node-\d\] hello \d+\n$/)
  })

  test('logs -f follows until Ctrl-C (SIGINT), then exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'logs', 'chat', '--follow', '--tail', '0'], {cwd: dir, env: {...process.env, ZDEV_FILE: path.join(dir, 'zdev.yaml'), CI: '', NO_COLOR: '1'}})
    let out = ''
    child.stdout.on('data', (b) => (out += b))
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    try {
      await waitFor('followed lines from both replicas', async () => /\[chat\.chat\[0\] /.test(out) && /\[chat\.chat\[1\] /.test(out), 20_000, 50)
      const t0 = Date.now()
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(Date.now() - t0).toBeLessThan(3000)
    } finally {
      child.kill('SIGKILL')
    }
  })

  test('node drain and eligibility: a draining node cannot be made eligible', async () => {
    const d = await zdev('node', 'drain', 'node-1', '--enable', '--detach')
    expect(d.code).toBe(0)
    expect(d.stdout).toMatch(/^Node "node-1" \([0-9a-f]{8}\) drain strategy set; \d+ evaluation\(s\) created$/m)
    const e = await zdev('node', 'eligibility', 'node-1', '--enable')
    expect(e.code).toBe(1)
    // Hints name the command that works from here: the script run (zdev is not on this PATH).
    expect([bin, 'zdev'].map((c) => `Error: Node node-1 is draining, so it cannot be made eligible.\nTry this: stop the drain with \`${c} node drain node-1 --disable\` (that also makes it eligible).\n`)).toContain(e.stderr)
  })

  test('job stop --purge follows the evaluation', async () => {
    const s = await zdev('job', 'stop', 'chat', '--purge')
    expect(s.code).toBe(0)
    expect(s.stdout).toMatch(/Evaluation "[0-9a-f]{8}" finished with status "complete"/)
  })
})
