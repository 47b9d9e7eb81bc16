import {execFile} from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {ChaosReport} from '../../src/chaos/report.js'
import {readKvCredentials} from '../../src/kv/credentials.js'
import {freePort} from '../../src/lib/ports.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform} from '../../src/platform/up.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {waitFor} from '../support/agents.js'

// `zdev chaos` on a whole platform as `zdev up` starts it (etcd ×3, servers ×3, nodes ×3,
// proxies ×2, whoami ×3), through the real CLI. While chaos runs, this test sends its own load
// (a separate loop, new connection per request) and checks the report against what it saw.
const AGENT = path.resolve(import.meta.dirname, '../../dist/agent.js')
const BIN = path.resolve(import.meta.dirname, '../../bin/run.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
const SCENARIOS = path.resolve(import.meta.dirname, '../../fixtures/scenarios')
let dir: string
let file: string
let ports: number[]
let store: Store

interface Run {
  code: number
  stdout: string
  stderr: string
}
const zdev = (args: string[], timeout = 220_000) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, [BIN, ...args, '-f', file], {cwd: dir, env: {...process.env, CI: '', ZDEV_FILE: ''}, timeout, maxBuffer: 16 << 20}, (err, stdout, stderr) => {
      resolve({code: err ? ((err as {code?: number}).code ?? 1) : 0, stdout, stderr})
    })
  })

const healthyWhoami = async () => {
  const st = await readClusterState(store)
  const live = new Set(st.allocs.filter((a) => a.JobID === 'whoami' && a.DesiredStatus === 'run' && a.ClientStatus === 'running').map((a) => a.ID))
  return st.services.filter((s) => s.ServiceName === 'whoami' && s.Healthy && live.has(s.AllocID)).length
}

/** The test's own load: `workers` loops, one new connection per request, alternating proxies; bounded in time and count. */
function independentLoad(maxMs: number, maxRequests: number, workers = 2, gapMs = 40) {
  const seen: {t: number; ok: boolean}[] = []
  let stopped = false
  const until = Date.now() + maxMs
  const one = (port: number) =>
    new Promise<void>((resolve) => {
      const t = Date.now()
      const req = http.get({host: '127.0.0.1', port, path: '/', headers: {host: 'whoami.localhost'}, agent: false, timeout: 2000}, (res) => {
        res.resume()
        res.on('end', () => (seen.push({t, ok: res.statusCode === 200}), resolve()))
      })
      req.on('timeout', () => req.destroy())
      req.on('error', () => (seen.push({t, ok: false}), resolve()))
    })
  const loops = Array.from({length: workers}, async (_, w) => {
    for (let i = w; !stopped && Date.now() < until && seen.length < maxRequests; i++) {
      await one(ports[i % ports.length]!)
      await new Promise((r) => setTimeout(r, gapMs))
    }
  })
  const done = Promise.all(loops).then(() => seen)
  return {stop: () => ((stopped = true), done)}
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-chaos-'))
  fs.cpSync(path.join(SAMPLES, 'whoami'), path.join(dir, 'whoami'), {recursive: true})
  ports = [await freePort(), await freePort()]
  const api = await freePort()
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: e2echaos\nkv:\n  members: 3\nservers:\n  count: 3\n  api_port: ${api}\nnodes: 3\nproxies:\n  count: 2\n  ports: [${ports.join(', ')}]\njobs:\n  - whoami/whoami.nomad.hcl\n`)
  // generous start-up bounds: the suite runs beside other heavy tests on 2 cores
  const up = await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000, readyTimeoutMs: 30_000})
  store = Store.connect(up.kvEndpoints, 'e2echaos', 2000, readKvCredentials(up.stateDir)!.zdev)
  await waitFor('3 healthy whoami', async () => (await healthyWhoami()) === 3, 60_000, 200)
}, 240_000)

afterAll(async () => {
  store?.close()
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
}, 60_000)

describe('zdev chaos on a 3-server, 3-node, 2-proxy platform', () => {
  test('bad input is refused before anything runs', async () => {
    const kinds = await zdev(['chaos', '--faults', 'etcd,dns'])
    expect(kinds.code).toBe(2)
    expect(kinds.stderr).toContain('Error: --faults: "dns" is not a fault kind (kinds: etcd, server, node, proxy, task)')
    const long = await zdev(['chaos', '--duration', '2h'])
    expect(long.code).toBe(2)
    expect(long.stderr).toContain('Error: --duration: 2h is outside the bound 5.0s..10m0s')
    const sc = path.join(dir, 'bad.yaml')
    fs.writeFileSync(sc, 'steps:\n  - at: 1s\n    stop: node-1\n  - at: 2s\n    kill: node-9\n')
    const bad = await zdev(['chaos', '--scenario', sc])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`Error: ${sc}:5:11: steps[1].kill: no component named "node-9" in the platform; did you mean "node-1"?`)
    expect(await healthyWhoami()).toBe(3) // nothing was stopped
  })

  test('every fault kind: the report matches an independent load loop', {timeout: 240_000}, async () => {
    const junit = path.join(dir, 'chaos.xml')
    const mine = independentLoad(100_000, 10_000)
    const r = await zdev(['chaos', '--duration', '25s', '--seed', '7', '--rate', '40', '--concurrency', '4', '--min-availability', '0', '--max-recovery', '30s', '--json', '--junit', junit])
    const seen = await mine.stop()
    const report = JSON.parse(r.stdout) as ChaosReport
    const t0 = Date.parse(report.startedAt)
    const t1 = t0 + report.durationMs
    const inRun = seen.filter((s) => s.t >= t0 && s.t < t1)
    const failedIn = (from: number, to: number) => inRun.filter((s) => s.t >= from && s.t < to)
    const myAvail = (inRun.filter((s) => s.ok).length / inRun.length) * 100
    const windows = report.faults.map((f) => ({f, from: t0 + f.atMs, to: t0 + f.atMs + (f.recoverMs ?? 0)}))
    const myFailures = inRun.filter((s) => !s.ok)
    const explained = myFailures.filter((s) => windows.some((w) => s.t >= w.from - 1000 && s.t < w.to + 1000))
    console.log(`chaos report: ${JSON.stringify({load: report.load, faults: report.faults.map((f) => ({id: f.id, kind: f.kind, target: f.target, action: f.action, atMs: f.atMs, detectMs: f.detectMs, recoverMs: f.recoverMs, failed: `${f.failedRequests}/${f.requests}`}))})}`)
    console.log(`independent loop: ${inRun.length} requests in the run, ${myFailures.length} failed, availability ${myAvail.toFixed(2)}%, ${explained.length} of the failures inside a fault window ±1 s`)
    for (const w of windows) {
      const mineW = failedIn(w.from, Math.max(w.to, w.from + 1))
      console.log(`  ${w.f.id} ${w.f.action} ${w.f.target}: report ${w.f.failedRequests}/${w.f.requests} failed, independent ${mineW.filter((s) => !s.ok).length}/${mineW.length}`)
    }
    expect(r.stderr).not.toContain('internal error')
    expect(r.code).toBe(0)
    expect(report.passed).toBe(true)
    // every fault kind was injected, and each was routed and healthy again
    expect(report.faults.map((f) => f.kind).sort()).toEqual(['etcd', 'node', 'proxy', 'server', 'task'])
    for (const f of report.faults) expect(f.recoverMs, `${f.id} ${f.target}`).not.toBeNull()
    expect(report.data.lost).toEqual({jobs: [], allocations: [], kvKeys: []})
    // tolerance: availability within 3 points; 90% of the independent failures inside a fault's window (±1 s)
    expect(report.load.requests).toBeGreaterThan(500)
    expect(inRun.length).toBeGreaterThan(200)
    expect(Math.abs(report.load.availability! - myAvail)).toBeLessThanOrEqual(3)
    expect(explained.length).toBeGreaterThanOrEqual(Math.floor(myFailures.length * 0.9))
    // a fault that failed a large share of the report's requests failed some of the independent loop's too
    for (const w of windows) {
      if (w.f.requests >= 20 && w.f.failedRequests / w.f.requests >= 0.2) expect(failedIn(w.from - 500, w.to + 500).some((s) => !s.ok), `${w.f.id} ${w.f.target}`).toBe(true)
    }
    const xml = fs.readFileSync(junit, 'utf8')
    expect(xml.match(/<testcase /g)!.length).toBe(report.faults.length + 2)
    expect(xml).toContain('failures="0"')
  })

  test('a threshold that fails: exit 1, and --json still is the report, naming the fault and why', {timeout: 60_000}, async () => {
    const r = await zdev(['chaos', '--duration', '5s', '--faults', 'proxy', '--seed', '3', '--max-recovery', '100ms', '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as ChaosReport
    expect(report.passed).toBe(false)
    expect(report.faults.map((f) => f.kind)).toEqual(['proxy'])
    expect(report.failures[0]).toMatch(/^fault 1 (kill|pause \d+ ms) proxy-\d: recovered after \d+(\.\d)?m?s, above --max-recovery 100ms \(\d+ requests failed meanwhile\)$/)
  })

  test('a scenario that cannot hold (every node stopped, 0 failures expected) exits 1 naming the step and why', {timeout: 120_000}, async () => {
    const r = await zdev(['chaos', '--scenario', path.join(SCENARIOS, 'all-nodes-down.yaml'), '--rate', '40'])
    console.log(r.stdout)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/✗ step 4 \(line 12\) expect failed_requests ≤ 0: expected at most 0 failed requests, \d+ of \d+ failed between 0s and \d+\.\ds \(first at \d+\.\ds: \S+\)/)
    expect(r.stdout).toContain('verdict: FAIL')
    // the nodes the scenario stopped were started again at its end, and whoami serves again
    await waitFor('3 healthy whoami after the scenario', async () => (await healthyWhoami()) === 3, 60_000, 250)
  })
})
