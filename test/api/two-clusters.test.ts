import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {loadJobFile} from '../../src/jobspec/index.js'
import {readKvCredentials} from '../../src/kv/credentials.js'
import {newId} from '../../src/lib/ids.js'
import {freePort} from '../../src/lib/ports.js'
import {readState} from '../../src/platform/state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {killRecorded} from '../platform/helpers.js'

// Two real clusters on one machine whose platform files ask for the same API port (as two
// files left at Nomad's default 4646 do): the second server takes another port, and every
// command that prints the address (up, env, status) names the server's own API.
const run = promisify(execFile)
const bin = path.resolve('bin/run.js')
const root = mkdtempSync(path.join(tmpdir(), 'zdev-two-'))
const names = ['twoa', 'twob'] as const
const fileOf = (n: string) => path.join(root, n, 'zdev.yaml')
const stateOf = (n: string) => path.join(root, n, '.zdev', n)

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, [bin, ...args], {cwd: root, env: {...process.env, ZDEV_FILE: '', CI: '', XDG_STATE_HOME: path.join(root, 'user-state')}, timeout: 90_000})
    return {code: 0, stdout, stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

const envAddr = async (n: string) => {
  const r = await zdev('env', '-f', fileOf(n), '--json')
  expect(r.code, r.stderr).toBe(0)
  const env = JSON.parse(r.stdout) as {set: Record<string, string>; running: boolean}
  expect(env.running).toBe(true)
  return env.set.NOMAD_ADDR!
}

let port: number
const upOut: Record<string, string> = {}

beforeAll(async () => {
  if (process.platform !== 'linux') return
  port = await freePort()
  for (const n of names) {
    mkdirSync(path.join(root, n))
    writeFileSync(fileOf(n), `name: ${n}\nkv:\n  members: 1\nservers:\n  count: 1\n  api_port: ${port}\nnodes: 0\nproxies: 0\n`)
    writeFileSync(path.join(root, n, 'only.nomad.hcl'), `job "only-${n}" {\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config {\n        command = "sleep"\n        args = ["60"]\n      }\n    }\n  }\n}\n`)
  }
  for (const n of names) {
    const r = await zdev('up', '-f', fileOf(n))
    expect(r.code, r.stderr + r.stdout).toBe(0)
    upOut[n] = r.stdout
  }
  // each cluster gets one job, written straight into its own KV
  for (const n of names) {
    const st = (await readState(stateOf(n)))!
    const store = Store.connect(st.components.filter((c) => c.kind === 'etcd').flatMap((c) => c.endpoints), n, 2000, readKvCredentials(stateOf(n))!.zdev)
    try {
      await submitJob(store, await loadJobFile(path.join(root, n, 'only.nomad.hcl')), {now: Date.now, newId})
    } finally {
      store.close()
    }
  }
}, 180_000)

afterAll(async () => {
  for (const n of names) {
    await zdev('down', '-f', fileOf(n), '--purge').catch(() => undefined)
    await killRecorded(stateOf(n))
  }
  rmSync(root, {recursive: true, force: true})
}, 60_000)

describe.runIf(process.platform === 'linux')('two clusters asking for the same API port', () => {
  test('the first gets the port it asked for, the second another one; up, env and status agree', async () => {
    const [a, b] = [await envAddr('twoa'), await envAddr('twob')]
    expect(a).toBe(`http://127.0.0.1:${port}`)
    expect(b).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(b).not.toBe(a)
    expect(readFileSync(path.join(stateOf('twob'), 'logs', 'server-1.log'), 'utf8')).toContain(`HTTP API: port ${port} in use (another cluster or program on this machine); listening on ${b.slice(7)} instead`)
    expect(upOut.twoa).toContain(`NOMAD_ADDR=${a} `)
    expect(upOut.twob).toContain(`NOMAD_ADDR=${b} `)
    for (const [n, addr] of [['twoa', a], ['twob', b]] as const) {
      const st = JSON.parse((await zdev('status', '-f', fileOf(n), '--json')).stdout) as {components: {name: string; endpoints: string[]; problem?: string}[]}
      const s1 = st.components.find((c) => c.name === 'server-1')!
      expect(s1.endpoints).toEqual([addr])
      expect(s1.problem).toBeUndefined()
    }
    expect((await zdev('status', '-f', fileOf('twob'))).stdout).toMatch(new RegExp(`\\nserver-1 +server .* ${b.replace(/[.:/]/g, '\\$&')}\\n`))
  })

  test('GET /v1/jobs at each address lists that cluster\'s jobs only', async () => {
    for (const n of names) {
      const r = await fetch(`${await envAddr(n)}/v1/jobs`, {signal: AbortSignal.timeout(10_000)})
      expect(r.status).toBe(200)
      expect(((await r.json()) as {ID: string}[]).map((j) => j.ID)).toEqual([`only-${n}`])
    }
  })

  test('the second cluster keeps its address across down and up (the last port is tried first)', {timeout: 120_000}, async () => {
    const before = await envAddr('twob')
    expect((await zdev('down', '-f', fileOf('twob'))).code).toBe(0)
    const stopped = await zdev('env', '-f', fileOf('twob'), '--json')
    expect(JSON.parse(stopped.stdout)).toMatchObject({running: false, set: {NOMAD_ADDR: before}})
    expect((await zdev('up', '-f', fileOf('twob'))).code).toBe(0)
    expect(await envAddr('twob')).toBe(before)
    const r = await fetch(`${before}/v1/jobs`, {signal: AbortSignal.timeout(10_000)})
    expect(((await r.json()) as {ID: string}[]).map((j) => j.ID)).toEqual(['only-twob'])
  })
})
