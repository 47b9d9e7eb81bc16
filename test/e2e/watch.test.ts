// `zdev watch` end to end: a real platform (etcd, a server, 2 nodes, a proxy), the compiled CLI
// watching it, and a person editing the job file: an env var change is routed with 0 failed
// requests under a bounded load; a syntax error is reported and the loop keeps running.
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform} from '../../src/platform/up.js'
import {waitFor} from '../support/agents.js'
import {startLoad} from '../support/load.js'

const AGENT = path.resolve(import.meta.dirname, '../../dist/agent.js')
const BIN = path.resolve(import.meta.dirname, '../../bin/run.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
/** The stated time: a saved change is routed (every reply from the new version) within this. */
const ROUTED_WITHIN_MS = 90_000

let dir: string
let file: string
let jobFile: string
let port: number
let watcher: ChildProcess | undefined
let out = ''

function version(): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get({host: '127.0.0.1', port, path: '/', headers: {host: 'whoami.localhost'}, timeout: 3000}, (r) => {
      const chunks: Buffer[] = []
      r.on('data', (c) => chunks.push(c))
      r.on('end', () => {
        try {
          resolve(r.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString()) as {version: string}).version : null)
        } catch {
          resolve(null)
        }
      })
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(null))
  })
}

/** True once `n` replies in a row come from `v`. */
async function allFrom(v: string, n = 6): Promise<boolean> {
  for (let i = 0; i < n; i++) if ((await version()) !== v) return false
  return true
}

function edit(from: string | RegExp, to: string): void {
  const text = fs.readFileSync(jobFile, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`edit: ${from} not found in ${jobFile}`)
  fs.writeFileSync(jobFile, next)
}

beforeAll(async () => {
  if (!fs.existsSync(AGENT)) throw new Error('dist/ is missing: run `npm run build` first')
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-watch-'))
  fs.cpSync(path.join(SAMPLES, 'whoami'), path.join(dir, 'whoami'), {recursive: true})
  jobFile = path.join(dir, 'whoami/whoami.nomad.hcl')
  edit('VERSION          = var.version', 'VERSION          = "v1"')
  port = await freePort()
  file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: watche2e\nkv:\n  members: 1\nservers: 1\nnodes: 2\nproxies:\n  count: 1\n  ports: [${port}]\njobs:\n  - path: whoami/whoami.nomad.hcl\n    vars: {count: 2}\n`)
  await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 90_000})
  watcher = spawn(process.execPath, [BIN, 'watch', '--no-initial'], {cwd: dir, env: {...process.env, CI: '', NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  watcher.stdout!.on('data', (b) => (out += b))
  watcher.stderr!.on('data', (b) => (out += b))
  await waitFor('watch to start', async () => /watching \d+ file/.test(out), 60_000)
}, 180_000)

afterAll(async () => {
  watcher?.kill('SIGINT')
  await new Promise((r) => setTimeout(r, 200))
  watcher?.kill('SIGKILL')
  if (file) await downPlatform(file, {purge: true}).catch(() => undefined)
  if (dir) fs.rmSync(dir, {recursive: true, force: true})
}, 60_000)

describe('zdev watch', () => {
  test(`saving an env var change routes the new version within ${ROUTED_WITHIN_MS / 1000} s, 0 failed requests under load`, {timeout: 150_000}, async () => {
    await waitFor('v1 answering', () => allFrom('v1'), 30_000)
    const load = startLoad({targets: [{host: '127.0.0.1', port}], hostHeader: 'whoami.localhost', connections: 4, maxRequests: 200_000, maxMs: 120_000})
    const t0 = Date.now()
    edit('VERSION          = "v1"', 'VERSION          = "v2"')
    await waitFor('the first reply from v2', async () => (await version()) === 'v2', ROUTED_WITHIN_MS, 100)
    const first = Date.now() - t0
    await waitFor('every reply from v2', () => allFrom('v2'), ROUTED_WITHIN_MS, 200)
    const all = Date.now() - t0
    const r = await load.stop()
    console.log(`watch: save → first v2 reply ${first} ms, → all v2 ${all} ms; load ${r.ok} ok, ${r.failed} failed ${JSON.stringify({statuses: r.statuses, errors: r.errors})}`)
    expect(out).toMatch(/\+\/- Job: "whoami"/) // the plan's diff was shown
    expect(out).toMatch(/VERSION/)
    expect(r.ok).toBeGreaterThan(50)
    expect(r.failed).toBe(0)
    await waitFor('watch to report the deployment', async () => /✓ job whoami v1: deployment-successful/.test(out), 60_000)
  })

  test('a syntax error is reported with file:line and the loop keeps running', {timeout: 150_000}, async () => {
    const before = out.length
    edit('job "whoami" {', 'job "whoami" {{{ oops')
    await waitFor('the error in the watch output', async () => /✗ .*whoami\.nomad\.hcl:\d+/.test(out.slice(before)), 30_000)
    expect(watcher!.exitCode).toBeNull()
    expect(await version()).toBe('v2') // nothing half-applied: the cluster still runs v2
    edit('job "whoami" {{{ oops', 'job "whoami" {')
    edit('VERSION          = "v2"', 'VERSION          = "v3"')
    await waitFor('v3 routed after the fix', () => allFrom('v3'), ROUTED_WITHIN_MS, 200)
    await waitFor('watch to report the fixed version deployed', async () => /✓ job whoami v2: deployment-successful/.test(out.slice(before)), 60_000)
  })

  test('saving the script the job inlines with file() re-applies that job: routed with 0 failed requests', {timeout: 150_000}, async () => {
    const before = out.length
    const load = startLoad({targets: [{host: '127.0.0.1', port}], hostHeader: 'whoami.localhost', connections: 2, maxRequests: 100_000, maxMs: 120_000})
    const t0 = Date.now()
    const script = path.join(dir, 'whoami/whoami.mjs')
    fs.writeFileSync(script, fs.readFileSync(script, 'utf8').replace("version: process.env.VERSION ?? 'v1',", "version: (process.env.VERSION ?? 'v1') + '-edited',"))
    await waitFor('every reply from the edited script', () => allFrom('v3-edited'), ROUTED_WITHIN_MS, 200)
    const all = Date.now() - t0
    const r = await load.stop()
    console.log(`watch: save of the inlined script → all replies from it ${all} ms; load ${r.ok} ok, ${r.failed} failed`)
    expect(out.slice(before)).toMatch(/saved: .*whoami\.mjs/)
    expect(out.slice(before)).toMatch(/\+\/- Job: "whoami"/)
    expect(r.failed).toBe(0)
  })
})
