// Shared by the up, footprint and idle benchmarks: the real fixture platform (fixtures/zdev.yaml:
// 3 etcd, a server, 3 nodes, 2 proxies, whoami ×3, counter ×2) in a temp folder with free ports,
// brought up and down through the CLI as a user runs it, and the floor: the same 3 etcd members
// started bare. ZDEV_BENCH_ROOT points at another checkout (with dist/ built) to measure it instead.
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {bootstrapOrder, hasWal} from '../../src/kv/bootstrap-order.js'
import {buildEtcdArgs, clientUrl} from '../../src/kv/etcd-args.js'
import {waitForQuorum} from '../../src/kv/wait-quorum.js'
import {freePort} from '../../src/lib/ports.js'
import {DEFAULTS} from '../../src/platform/types.js'
import {waitReady} from '../../src/platform/wait-ready.js'
import {killRecorded} from '../platform/helpers.js'

export const ROOT = path.resolve(process.env.ZDEV_BENCH_ROOT ?? path.join(import.meta.dirname, '../..'))
/** ZDEV_BENCH_COMPARE: another checkout (dist/ built) measured in the same interleaved rounds, e.g. the code before a change. */
export const ROOTS = [ROOT, ...(process.env.ZDEV_BENCH_COMPARE ? [path.resolve(process.env.ZDEV_BENCH_COMPARE)] : [])]
const SAMPLES = path.join(ROOT, 'fixtures/samples')

export interface FixturePlatform {
  /** The checkout whose CLI runs it. */
  root: string
  dir: string
  file: string
  stateDir: string
}

const made: FixturePlatform[] = []

/** fixtures/zdev.yaml with its own name, free proxy and API ports, and the sample jobs by absolute path. */
export async function fixturePlatform(name: string, root = ROOT): Promise<FixturePlatform> {
  const dir = mkdtempSync(path.join(tmpdir(), `zdev-bench-${name}-`))
  const src = readFileSync(path.join(ROOT, 'fixtures/zdev.yaml'), 'utf8')
  const [p1, p2, api] = [await freePort(), await freePort(), await freePort()]
  const yaml = src
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/^servers:\n  count: 1$/m, `servers:\n  count: 1\n  api_port: ${api}`)
    .replace(/ports: \[8080, 8081\]/, `ports: [${p1}, ${p2}]`)
    .replaceAll('samples/', `${SAMPLES}/`)
  if (!yaml.includes(`api_port: ${api}`) || !yaml.includes(`[${p1}, ${p2}]`)) throw new Error('fixtures/zdev.yaml changed shape: update test/bench/fixture-platform.ts')
  const file = path.join(dir, 'zdev.yaml')
  writeFileSync(file, yaml)
  const p = {root, dir, file, stateDir: path.join(dir, '.zdev', name)}
  made.push(p)
  return p
}

/** Kill whatever the fixture platforms left and remove their folders (afterAll). */
export async function cleanupPlatforms(): Promise<void> {
  for (const p of made) {
    await cli(['down', '-f', p.file, '--purge'], 60_000, p.root).catch(() => undefined)
    await killRecorded(p.stateDir)
    rmSync(p.dir, {recursive: true, force: true})
  }
  made.length = 0
}

/** Run the CLI (node bin/run.js …) to its exit; resolves with stdout, rejects on a non-zero exit. */
export async function cli(args: string[], timeoutMs = 180_000, root = ROOT): Promise<string> {
  return (await cliOut(args, timeoutMs, root)).out
}

/** The same, with its stderr too (and extra environment). */
export function cliOut(args: string[], timeoutMs = 180_000, root = ROOT, env: Record<string, string> = {}): Promise<{out: string; err: string}> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, 'bin/run.js'), ...args], {cwd: root, env: {...process.env, CI: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    let err = ''
    c.stdout.on('data', (b: Buffer) => (out += b))
    c.stderr.on('data', (b: Buffer) => (err += b))
    const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs)
    c.once('exit', (code) => {
      clearTimeout(t)
      if (code === 0) resolve({out, err})
      else reject(new Error(`zdev ${args.join(' ')} exited ${code}: ${(err + out).slice(-2000)}`))
    })
  })
}

/** GET /health with this Host header through 127.0.0.1:port: true on a 2xx (the app answered, not the proxy). */
export function answers(url: string): Promise<boolean> {
  const u = new URL(url)
  // node:http, not fetch: fetch drops a Host header
  return new Promise((resolve) => {
    const req = http.get({host: '127.0.0.1', port: Number(u.port), path: '/health', headers: {host: u.hostname}, timeout: 1000, agent: false}, (res) => {
      res.resume()
      res.once('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300))
    })
    req.once('timeout', () => req.destroy())
    req.once('error', () => resolve(false))
  })
}

/**
 * `zdev up --json`, then every URL it reports answers /health through its proxy: ms from spawn,
 * and `quorumMs`, when zdev's own quorum wait ended (from its ZDEV_TRACE line), so `ms -
 * quorumMs` is what `up` adds after etcd has elected its leader, whatever the election took.
 */
export async function upToRouted(p: FixturePlatform): Promise<{ms: number; quorumMs: number; urls: string[]}> {
  const wall0 = Date.now()
  const t0 = performance.now()
  const {out, err} = await cliOut(['up', '-f', p.file, '--json'], 180_000, p.root, {ZDEV_TRACE: '1'})
  const quorumAt = /^\[trace (\S+) \+\d+ ms\] done kv quorum\b/m.exec(err)?.[1]
  if (!quorumAt) throw new Error(`no "done kv quorum" trace line from zdev up: ${err.slice(-1000)}`)
  const urls = (JSON.parse(out) as {urls: string[]}).urls
  if (urls.length < 4) throw new Error(`expected whoami and counter on 2 proxies, got ${urls.join(', ')}`)
  const deadline = performance.now() + 60_000
  for (const u of urls) {
    while (!(await answers(u))) {
      if (performance.now() > deadline) throw new Error(`${u} did not answer within 60 s`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  return {ms: performance.now() - t0, quorumMs: Date.parse(quorumAt) - wall0, urls}
}

export interface BareEtcd {
  ms: number
  pids: number[]
  endpoints: string[]
  stop(): void
}

/**
 * The floor: the same 3 etcd members as zdev starts (its flags, heartbeat and election defaults,
 * and start order: a new cluster's one after another, src/kv/bootstrap-order.ts), to all /health ok.
 */
export async function bareEtcd3(dataDir?: string): Promise<BareEtcd> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'zdev-bench-bare-'))
  const members = await Promise.all([1, 2, 3].map(async (i) => ({name: `m${i}`, dataDir: path.join(dir, `m${i}`), clientPort: await freePort(), peerPort: await freePort()})))
  const cluster = {token: `bare-${path.basename(dir)}`, heartbeatMs: DEFAULTS.heartbeatMs, electionMs: DEFAULTS.electionMs, members}
  const order = bootstrapOrder(members, members.every((m) => hasWal(m.dataDir)))
  const t0 = performance.now()
  const procs: ChildProcess[] = []
  for (const [i, m] of members.entries()) {
    procs.push(spawn('etcd', buildEtcdArgs(cluster, m), {stdio: 'ignore'}))
    const url = order[i]!.readyUrl
    if (url) {
      const failed = await waitReady({kind: 'http', url}, 10_000, () => undefined) // zdev's own wait for the next member
      if (failed) throw new Error(`bare etcd ${m.name}: ${failed}`)
    }
  }
  await waitForQuorum(members.map((m) => clientUrl(m.clientPort)), {timeoutMs: 30_000, intervalMs: 10})
  const ms = performance.now() - t0
  return {
    ms,
    pids: procs.map((c) => c.pid!),
    endpoints: members.map((m) => clientUrl(m.clientPort)),
    stop() {
      for (const c of procs) c.kill('SIGKILL')
      if (!dataDir) rmSync(dir, {recursive: true, force: true})
    },
  }
}

export interface Stats {
  min: number
  median: number
  max: number
}

export const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s.at(-1)!}
}
export const fmt = (x: Stats, unit = 'ms', digits = 0) => `median ${x.median.toFixed(digits)} ${unit} (min ${x.min.toFixed(digits)}, max ${x.max.toFixed(digits)})`
/** `zdev down` (with --purge) of a fixture platform, by its own checkout's CLI. */
export const down = (p: FixturePlatform, purge = false) => cli(['down', '-f', p.file, ...(purge ? ['--purge'] : [])], 180_000, p.root)
export const short = (root: string) => (root === ROOT ? 'this checkout' : root)
export const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** Summed Pss and Rss (MiB) of these processes, from /proc/<pid>/smaps_rollup. */
export function memoryOf(pids: number[]): {pss: number; rss: number} {
  let pss = 0
  let rss = 0
  for (const pid of pids) {
    try {
      const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(t)?.[1] ?? 0)
      pss += kb('Pss') / 1024
      rss += kb('Rss') / 1024
    } catch {
      // gone
    }
  }
  return {pss, rss}
}

/** utime + stime (clock ticks, 100 per second on Linux) of these processes. */
export function cpuTicks(pids: number[]): number {
  let n = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      n += Number(f[11]) + Number(f[12]) // fields 14 and 15
    } catch {
      // gone
    }
  }
  return n
}

/**
 * Every process of the platform itself, found through /proc by its label: each one zdev starts
 * carries ZDEV_STATE_DIR=<state dir> in its environment (the supervisor, etcd members, agents) and
 * passes it on to what they spawn without their own env (the agents' watchdog shells). Tasks are
 * left out: they carry the task labels (ZDEV_TASK_CLUSTER) — and raw_exec tasks get only their
 * own env, so most do not carry the state dir at all.
 */
export function platformProcesses(p: FixturePlatform): {pid: number; comm: string}[] {
  const out: {pid: number; comm: string}[] = []
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'utf8').split('\0')
      if (!env.includes(`ZDEV_STATE_DIR=${p.stateDir}`) || env.some((e) => e.startsWith('ZDEV_TASK_CLUSTER='))) continue
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue
      out.push({pid: Number(d), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))})
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

/** "etcd ×3, node ×7, sh ×3": what platformProcesses found, by command name. */
export function processMix(ps: {comm: string}[]): string {
  const n = new Map<string, number>()
  for (const p of ps) n.set(p.comm, (n.get(p.comm) ?? 0) + 1)
  return [...n].sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c} ×${k}`).join(', ')
}

/** The floor of a platform's footprint: 3 idle etcd members (a formed quorum) and one idle `node` per agent. */
export async function idleFloor(agents: number): Promise<{pids: number[]; stop(): void}> {
  const etcd = await bareEtcd3()
  const nodes = Array.from({length: agents}, () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {stdio: 'ignore'}))
  await Promise.all(nodes.map((c) => new Promise((r) => c.once('spawn', r))))
  return {
    pids: [...etcd.pids, ...nodes.map((c) => c.pid!)],
    stop() {
      etcd.stop()
      for (const c of nodes) c.kill('SIGKILL')
    },
  }
}

/** Agents in the fixture platform: 1 server, 3 nodes, 2 proxies. */
export const FIXTURE_AGENTS = 6
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
