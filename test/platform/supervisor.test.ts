import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, test} from 'vitest'
import {readProcStat} from '../../src/lib/proc.js'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {readSuperviseRecord} from '../../src/platform/supervise-record.js'
import {liveSupervisor, stopSupervisor, SupervisorClient} from '../../src/platform/supervisor-client.js'
import {supervisorSocket, type ChildSpec} from '../../src/platform/supervisor-protocol.js'
import {until} from './helpers.js'

// The platform's one supervisor (dist/supervise.js, run `npm run build` first) with real child
// processes: it restarts what crashes, never what was stopped, and stops one child alone.
const ENTRY = path.resolve(import.meta.dirname, '../../dist/supervise.js')
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-sup-unit-'))
const stateDir = path.join(dir, '.zdev', 'unit')
const labels = {ZDEV_CLUSTER: 'unit', ZDEV_CLUSTER_ID: 'zdev-unit-0001', ZDEV_STATE_DIR: stateDir}
const launch = {entry: ENTRY, labels}
const clients: SupervisorClient[] = []

const spec = (name: string, script: string): ChildSpec => ({
  name, command: process.execPath, args: ['-e', script, name], env: {...labels, ZDEV_COMPONENT: name}, cwd: stateDir, logFile: path.join(stateDir, 'logs', `${name}.log`),
})
const IDLE = 'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000)'
const connect = async () => {
  const c = await SupervisorClient.ensure(stateDir, launch)
  clients.push(c)
  return c
}
const record = (name: string) => readSuperviseRecord(stateDir, name)

afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await stopSupervisor(stateDir, 1000)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('the platform supervisor', () => {
  test('one process runs every child, each in its own group, behind a 0600 socket', async () => {
    const sup = await connect()
    const a = await sup.start(spec('a', IDLE), false)
    const b = await sup.start(spec('b', IDLE), false)
    const rec = liveSupervisor(stateDir, labels.ZDEV_CLUSTER_ID)!
    expect(rec.socket).toBe(supervisorSocket(stateDir))
    expect(statSync(rec.socket).mode & 0o777).toBe(0o600)
    for (const c of [a, b]) {
      const st = readProcStat(c.pid)!
      expect(st.pgid).toBe(c.pid)
      expect(Number(readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])).toBe(rec.pid) // ppid
    }
    // a second client finds the same supervisor
    const again = await connect()
    expect(again.record.pid).toBe(rec.pid)
    expect(readFileSync(`/proc/${a.pid}/environ`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['ZDEV_COMPONENT=a', `ZDEV_SUPERVISED=${rec.pid}`]))
  })

  test('a crashed child is restarted with a record of why; a stopped one stays stopped; the others are untouched', async () => {
    const sup = await connect()
    const a = await sup.start(spec('a', IDLE), false)
    const b = await sup.start(spec('b', IDLE), false)
    await new Promise((r) => setTimeout(r, 3100)) // past the first start's fail-fast window
    process.kill(a.pid, 'SIGKILL')
    const {value: next} = await until('a restarted', 5000, async () => {
      const r = record('a')
      return r?.childPid && r.childPid !== a.pid && isProcessAlive(r.childPid) ? r : undefined
    })
    expect(next).toMatchObject({restarts: 1, lastExit: {reason: 'killed by SIGKILL'}})
    expect(readFileSync(path.join(stateDir, 'logs', 'a.log'), 'utf8')).toMatch(/supervisor a killed by SIGKILL; restarting in 200 ms \(restart 1\)/)
    expect(await sup.stop('a', 2000)).toBe('term')
    await new Promise((r) => setTimeout(r, 800))
    expect(record('a')).toMatchObject({childPid: null, restarts: 1})
    expect(isProcessAlive(next.childPid!)).toBe(false)
    expect(isProcessAlive(b.pid)).toBe(true)
    expect(record('b')).toMatchObject({childPid: b.pid, restarts: 0})
    expect(await sup.stop('nobody', 1000)).toBe('unknown')
  })

  test('a child ignoring SIGTERM is killed after the grace period, and not restarted', async () => {
    const sup = await connect()
    const armed = path.join(dir, 'a.armed')
    const a = await sup.start(spec('a', `process.on("SIGTERM", () => {}); require("fs").writeFileSync(${JSON.stringify(armed)}, ""); setInterval(() => {}, 1000)`), false)
    await until('the child to ignore SIGTERM', 20_000, async () => (existsSync(armed) ? true : undefined)) // not a fixed sleep: a loaded machine starts node slowly
    expect(await sup.stop('a', 500)).toBe('kill')
    await new Promise((r) => setTimeout(r, 600))
    expect(isProcessAlive(a.pid)).toBe(false)
    expect(record('a')).toMatchObject({childPid: null, restarts: 0, lastExit: {reason: 'killed by SIGKILL'}})
  })

  test('a first start that fails at once is not retried: the client hears it, the supervisor then exits', async () => {
    const sup = await connect()
    const supPid = sup.record.pid
    const a = await sup.start(spec('a', 'console.log("bad config"); process.exit(3)'), true)
    a.go()
    await expect(a.ready).rejects.toThrow('a closed its ready pipe without signalling')
    await new Promise((r) => setTimeout(r, 500))
    expect(record('a')).toMatchObject({childPid: null, restarts: 0, lastExit: {reason: 'exited 3'}})
    sup.close()
    await until('the idle supervisor exits', 3000, async () => (isProcessAlive(supPid) ? undefined : true))
  })

  test('a gated child waits for go; its ready line reaches the client', async () => {
    const sup = await connect()
    const script = 'const fs = require("fs"); process.stdin.once("data", () => { fs.writeSync(3, "ready\\n"); fs.closeSync(3) }); setInterval(() => {}, 1000)'
    const a = await sup.start(spec('a', script), true)
    let ready = false
    void a.ready.then(() => (ready = true))
    await new Promise((r) => setTimeout(r, 400))
    expect(ready).toBe(false)
    expect(readFileSync(`/proc/${a.pid}/environ`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['ZDEV_GATE=stdin', 'ZDEV_READY_FD=3']))
    a.go()
    await a.ready
  })

  test('SIGTERM to the supervisor stops every child, and it exits', async () => {
    const sup = await connect()
    const a = await sup.start(spec('a', IDLE), false)
    const b = await sup.start(spec('b', IDLE), false)
    process.kill(sup.record.pid, 'SIGTERM')
    await until('all gone', 5000, async () => ([a.pid, b.pid, sup.record.pid].some((p) => isProcessAlive(p)) ? undefined : true))
    expect(record('a')?.restarts).toBe(0)
  })
})

test('a state dir too deep for a socket address: the socket lives in a private temp folder, and works', async () => {
  const deep = path.join(dir, 'd'.repeat(60), 'e'.repeat(60), '.zdev', 'deep')
  const l = {...labels, ZDEV_STATE_DIR: deep}
  const sup = await SupervisorClient.ensure(deep, {entry: ENTRY, labels: l})
  try {
    expect(sup.record.socket.startsWith(path.join(tmpdir(), `zdev-${process.getuid!()}`))).toBe(true)
    expect(statSync(path.dirname(sup.record.socket)).mode & 0o777).toBe(0o700)
    expect(statSync(sup.record.socket).mode & 0o777).toBe(0o600)
    const a = await sup.start({...spec('a', IDLE), env: {...l, ZDEV_COMPONENT: 'a'}, cwd: deep, logFile: path.join(deep, 'logs', 'a.log')}, false)
    expect(isProcessAlive(a.pid)).toBe(true)
  } finally {
    sup.close()
    await stopSupervisor(deep, 1000)
  }
})
