import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {downPlatform} from '../../src/platform/down.js'
import {AGENT_NODE_FLAGS} from '../../src/platform/plan.js'
import {upPlatform} from '../../src/platform/up.js'
import {killRecorded} from '../platform/helpers.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

// Start cost of the CLI and of each agent kind, next to the floor measured in the same rounds:
// `node -e 0` for the CLI, a bare `node` HTTP listener for the agents. Rounds interleave every
// subject, so load from other work on the machine hits all of them alike.
// Goals (issue 18): --help ≤ 2×, status ≤ 3×, job validate ≤ 3× `node -e 0`; agents ≤ 2× bare node.

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUN = path.join(ROOT, 'bin/run.js')
const AGENT = path.join(ROOT, 'dist/agent.js')
const COMPARE = process.env.ZDEV_BENCH_AGENT_COMPARE && path.resolve(process.env.ZDEV_BENCH_AGENT_COMPARE)
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 7)
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-bench-cli-'))
let etcd: TestEtcd | undefined

beforeAll(async () => {
  etcd = await startTestEtcd()
  writeFileSync(path.join(dir, 'small.nomad.hcl'), 'job "a" {\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config { command = "/bin/true" }\n    }\n  }\n}\n')
  writeFileSync(path.join(dir, 'small.json'), JSON.stringify({Job: {ID: 'a', Name: 'a', Type: 'batch', Datacenters: ['*'], TaskGroups: [{Name: 'g', Tasks: [{Name: 't', Driver: 'raw_exec', Config: {command: '/bin/true'}}]}]}}))
  // a platform that is not up: what `zdev status` shows a user before `zdev up`
  writeFileSync(path.join(dir, 'zdev.yaml'), 'name: benchcli\n')
})
afterAll(async () => {
  await etcd?.stop()
  rmSync(dir, {recursive: true, force: true})
})

// What a user's shell passes: vitest's NODE_ENV=test makes oclif ignore its manifest and import
// every command (≈ +0.2 CPU-s, +40 MB), which no user sees.
const USER_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')))

type Run = {ms: number; peakMiB: number; code: number | null; out: string}

/** Spawn → exit (CLI) or spawn → first line matching `ready` (agents), with the peak RSS of a CLI run. */
function timed(args: string[], ready?: RegExp, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cmd = ready ? process.execPath : '/usr/bin/time'
    const argv = ready ? args : ['-f', '%M', process.execPath, ...args]
    const t0 = performance.now()
    const p = spawn(cmd, argv, {cwd: dir, env: {...USER_ENV, ...env}, stdio: ['ignore', 'pipe', 'pipe'], detached: !!ready})
    let out = ''
    let err = ''
    const killer = setTimeout(() => p.kill('SIGKILL'), 60_000)
    p.stdout.on('data', (d) => {
      out += d
      if (ready && ready.test(out)) {
        const ms = performance.now() - t0
        clearTimeout(killer)
        p.once('exit', () => resolve({ms, peakMiB: 0, code: 0, out}))
        try {
          process.kill(-p.pid!, 'SIGKILL')
        } catch {
          // gone already
        }
      }
    })
    p.stderr.on('data', (d) => (err += d))
    p.once('error', reject)
    p.once('exit', (code) => {
      clearTimeout(killer)
      if (ready) {
        if (!ready.test(out)) reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${out}\n${err}`))
        return
      }
      const lines = err.trim().split('\n')
      resolve({ms: performance.now() - t0, peakMiB: Number(lines.pop()) / 1024, code, out: out + lines.join('\n')})
    })
  })
}

function stats(xs: number[]): {min: number; med: number; max: number} {
  const s = [...xs].sort((a, b) => a - b)
  return {min: s[0]!, med: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]!}
}

async function rounds(subjects: Record<string, () => Promise<Run>>, floor: string): Promise<void> {
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]))
  for (let r = 0; r < ROUNDS; r++) for (const [name, run] of Object.entries(subjects)) runs[name]!.push(await run())
  const base = stats(runs[floor]!.map((x) => x.ms)).med
  console.log(`\n${ROUNDS} interleaved rounds; ratio = median / median of ${floor}; paired = min/median/max of each round's time / the floor's in that round; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  for (const [name, rs] of Object.entries(runs)) {
    const s = stats(rs.map((x) => x.ms))
    const peak = rs[0]!.peakMiB ? `  peak RSS ${stats(rs.map((x) => x.peakMiB)).med.toFixed(0)} MiB` : ''
    // each round's time over the floor's in the same round: load that hits one round hits both
    const p = stats(rs.map((x, i) => x.ms / runs[floor]![i]!.ms))
    const paired = `  paired ${p.min.toFixed(2)}/${p.med.toFixed(2)}/${p.max.toFixed(2)}×`
    console.log(`${name.padEnd(34)} min ${s.min.toFixed(0).padStart(5)}  median ${s.med.toFixed(0).padStart(5)}  max ${s.max.toFixed(0).padStart(5)} ms  ${(s.med / base).toFixed(2)}×${paired}${peak}`)
  }
}

test('CLI start: --help, status, job validate vs node -e 0', async () => {
  const cli = (expect: number, ...a: string[]) => async () => {
    const r = await timed([RUN, ...a])
    if (r.code !== expect) throw new Error(`zdev ${a.join(' ')} exited ${r.code}, not ${expect}: ${r.out}`)
    return r
  }
  // `status` as a user mostly runs it: against a running 3-member quorum (KV only; what it asks
  // is the same with agents), brought up here and recorded in a state dir of this run.
  const upFile = path.join(dir, 'up', 'zdev.yaml')
  mkdirSync(path.dirname(upFile))
  writeFileSync(upFile, 'name: benchup\nservers: 0\nnodes: 0\nproxies: 0\n')
  const xdg = process.env.XDG_STATE_HOME
  process.env.XDG_STATE_HOME = path.join(dir, 'state')
  try {
    await upPlatform(upFile)
    await rounds({
      'node -e 0': () => timed(['-e', '0']),
      'zdev --help': cli(0, '--help'),
      'zdev status (platform not up)': cli(3, 'status'),
      'zdev status (3-member quorum up)': cli(0, 'status', '-f', upFile),
      'zdev status --json (quorum up)': cli(0, 'status', '-f', upFile, '--json'),
      'zdev job validate small.nomad.hcl': cli(0, 'job', 'validate', 'small.nomad.hcl'),
      'zdev job validate small.json': cli(0, 'job', 'validate', 'small.json'),
    }, 'node -e 0')
  } finally {
    await downPlatform(upFile).catch(() => undefined)
    await killRecorded(path.join(dir, 'up', '.zdev', 'benchup'))
    if (xdg === undefined) delete process.env.XDG_STATE_HOME
    else process.env.XDG_STATE_HOME = xdg
  }
})

test('agent spawn-to-ready (server started, node registered, proxy listening) vs a bare node listener', async () => {
  const endpoints = etcd!.endpoints
  let n = 0
  const cfg = (extra: Record<string, unknown>) => JSON.stringify({cluster: 'benchcli', endpoints, ...extra})
  const kinds = (entry: string, label: string): Record<string, () => Promise<Run>> => ({
    [`${label} server`]: () => timed([...AGENT_NODE_FLAGS, entry, 'server', cfg({name: `server-${++n}`})], /server \S+ started/),
    [`${label} node`]: () => {
      const name = `node-${++n}`
      return timed([...AGENT_NODE_FLAGS, entry, 'node', cfg({name, stateDir: path.join(dir, name), address: '127.0.0.1', ttlSeconds: 2})], /node \S+ registered/)
    },
    [`${label} proxy`]: async () => timed([...AGENT_NODE_FLAGS, entry, 'proxy', cfg({name: `proxy-${++n}`, host: '127.0.0.1', port: await freePort()})], /proxy \S+ listening/),
  })
  await rounds({
    'bare node http listener': async () => timed(['-e', `require('node:http').createServer().listen(${await freePort()}, '127.0.0.1', () => console.log('listening'))`], /listening/),
    ...kinds(AGENT, 'agent'),
    // ZDEV_BENCH_AGENT_COMPARE=<another build's agent.js>: the same kinds from it, in the same rounds
    ...(COMPARE ? kinds(COMPARE, `[${path.relative(ROOT, COMPARE)}]`) : {}),
  }, 'bare node http listener')
})
