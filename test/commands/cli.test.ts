import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {killRecorded} from '../platform/helpers.js'

// The real CLI (compiled: run `npm run build` first), driven as a user would, without a TTY.
const run = promisify(execFile)
const bin = path.resolve('bin/run.js')
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-cli-'))
const file = path.join(dir, 'zdev.yaml')
const stateDir = path.join(dir, '.zdev', 'clitest')

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, [bin, ...args], {cwd: dir, env: {...process.env, ZDEV_FILE: '', CI: ''}, timeout: 60_000})
    return {code: 0, stdout, stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

beforeAll(() => {
  if (!existsSync(path.resolve('dist/commands/up.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  writeFileSync(file, '# yaml-language-server: $schema=../schema/zdev.schema.json\nname: clitest\nservers: 0\nnodes: 0\n')
})
afterAll(async () => {
  await killRecorded(stateDir)
  rmSync(dir, {recursive: true, force: true})
})

describe.sequential('zdev CLI', () => {
  let pids: number[] = []

  test('up prints one ✓ line per component and the endpoints', async () => {
    const r = await zdev('up')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    const shown = lines.slice(0, 5).map((l) => l.replace(/\(\d+ ms\)/, '(N ms)'))
    expect(shown.slice(0, 3).sort()).toEqual(['✓ etcd-1 started (N ms)', '✓ etcd-2 started (N ms)', '✓ etcd-3 started (N ms)'])
    expect(shown.slice(3)).toEqual(['✓ kv quorum ready (N ms)', '✓ kv auth enabled (N ms)'])
    expect(lines[5]).toMatch(/^cluster clitest is up in \d+ ms — kv: http:\/\/127\.0\.0\.1:\d+,http:\/\/127\.0\.0\.1:\d+,http:\/\/127\.0\.0\.1:\d+$/)
  })

  test('up again: already running, exit 0', async () => {
    const r = await zdev('up')
    expect(r).toMatchObject({code: 0, stdout: 'cluster clitest is already running; no process started\n'})
  })

  test('status --json is the typed result', async () => {
    const r = await zdev('status', '--json')
    const s = JSON.parse(r.stdout)
    expect(s.quorum.state).toBe('ok')
    expect(s.components.map((c: {name: string}) => c.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3'])
    pids = s.components.map((c: {pid: number}) => c.pid)
    expect(pids.every((p) => isProcessAlive(p))).toBe(true)
  })

  test('kv stop / status / kv start', async () => {
    expect((await zdev('kv', 'stop', 'etcd-2')).stdout).toMatch(/^✓ etcd-2 stopped \(\d+ ms\)\n$/)
    const st = await zdev('status')
    expect(st.stdout).toMatch(/\netcd-2 +etcd +- +no +no /)
    expect(st.stdout).toMatch(/\nquorum: ok \(2\/3 healthy, leader etcd-[13], term \d+\)\n$/)
    expect((await zdev('kv', 'start', 'etcd-2')).stdout).toMatch(/^✓ etcd-2 started \(\d+ ms, pid \d+\)\n$/)
    expect((await zdev('kv', 'start', 'etcd-2')).stdout).toMatch(/^• etcd-2 is already running \(pid \d+\)\n$/)
  })

  test('an unknown member: one paragraph, exit 1, no stack trace', async () => {
    const r = await zdev('kv', 'stop', 'etcd-7')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error: no KV member named "etcd-7"; did you mean "etcd-1"? (members: etcd-1, etcd-2, etcd-3)\n')
  })

  test('down stops every process', async () => {
    const st = JSON.parse((await zdev('status', '--json')).stdout)
    pids = st.components.map((c: {pid: number}) => c.pid)
    const r = await zdev('down')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('✓')).length).toBe(3)
    for (const p of pids) expect(isProcessAlive(p)).toBe(false)
  })

  test('a malformed platform file: file:line:column, field, suggestion, exit 1, no stack', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'name: clitest\nkv:\n  memebrs: 3\n')
    const r = await zdev('up', '-f', 'bad.yaml')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error: bad.yaml:3:3: kv.memebrs: unknown key "memebrs"; did you mean "members"?\n')
    const j = await zdev('status', '-f', 'bad.yaml', '--json')
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout)).toEqual({error: {code: 'invalid_platform', message: 'bad.yaml:3:3: kv.memebrs: unknown key "memebrs"; did you mean "members"?', file: 'bad.yaml', line: 3, column: 3, field: 'kv.memebrs'}})
  })

  test('down --purge removes the state dir', async () => {
    const r = await zdev('down', '--purge')
    expect(r.stdout).toBe(`cluster clitest: nothing was running\nremoved ${stateDir}\n`)
    expect(existsSync(stateDir)).toBe(false)
  })
})
