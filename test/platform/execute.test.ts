import {afterAll, describe, expect, test} from 'vitest'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {executePlan} from '../../src/platform/execute.js'
import {readState, type PlatformState} from '../../src/platform/state.js'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {freePort} from '../../src/lib/ports.js'
import type {Plan, ProcessSpec} from '../../src/platform/spec.js'
import type {StepEvent} from '../../src/platform/progress.js'
import {killRecorded} from './helpers.js'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) {
    await killRecorded(d)
    rmSync(d, {recursive: true, force: true})
  }
})

async function fixture() {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'zdev-exec-'))
  dirs.push(stateDir)
  const port = await freePort()
  const spec = (name: string, script: string, p: number): ProcessSpec => ({
    name, kind: 'server', command: process.execPath, args: ['-e', script], env: {ZDEV_COMPONENT: name, ZDEV_STATE_DIR: stateDir}, cwd: stateDir,
    logFile: path.join(stateDir, 'logs', `${name}.log`), ports: {http: p}, endpoints: [], ready: {kind: 'tcp', host: '127.0.0.1', port: p},
  })
  const good = spec('a', `require('net').createServer().listen(${port}, '127.0.0.1')`, port)
  const bad = spec('b', `console.error('boom: bad flag'); process.exit(2)`, await freePort())
  const plan: Plan = {cluster: 't', stateDir, steps: [{kind: 'start', spec: good}, {kind: 'start', spec: bad}]}
  const initial: PlatformState = {version: 1, cluster: 't', platformFile: '/x', token: 't', createdAt: '', updatedAt: '', components: []}
  return {stateDir, plan, initial}
}

describe('executePlan', () => {
  test('a failing step rolls back what started, and says why with the log tail', async () => {
    const {stateDir, plan, initial} = await fixture()
    const events: StepEvent[] = []
    const err = await executePlan(plan, initial, {reporter: (e) => events.push(e)}).catch((e) => e)
    expect(err.message).toBe('b exited right after starting; its log ends with:\nboom: bad flag')
    expect(events.map((e) => `${e.name}:${e.phase}`)).toEqual(['a:running', 'a:done', 'b:running', 'b:failed'])
    const state = (await readState(stateDir))!
    expect(state.components.map((c) => [c.name, c.pid])).toEqual([['a', null], ['b', null]])
  })

  test('--retain keeps what started for debugging', async () => {
    const {stateDir, plan, initial} = await fixture()
    await executePlan(plan, initial, {reporter: () => {}, retain: true}).catch(() => undefined)
    const a = (await readState(stateDir))!.components.find((c) => c.name === 'a')!
    expect(isProcessAlive(a.pid, a)).toBe(true)
  })

  test('steps of running components are skipped', async () => {
    const {plan, initial} = await fixture()
    const events: string[] = []
    const only = {...plan, steps: plan.steps.slice(1)}
    await executePlan(only, initial, {reporter: (e) => events.push(`${e.name}:${e.phase}`), running: new Set(['b'])})
    expect(events).toEqual(['b:skipped'])
  })
})

describe('executePlan: steps with dependencies', () => {
  const initial: PlatformState = {version: 1, cluster: 't', platformFile: '/x', token: 't', createdAt: '', updatedAt: '', components: []}
  const stateDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'zdev-exec-'))
    dirs.push(d)
    return d
  }

  test('independent steps run at once; a step waits for all it runs after', async () => {
    const order: string[] = []
    let arrived = 0
    let release!: () => void
    const both = new Promise<void>((r) => (release = r))
    // each of a and b finishes only once the other has started: run one after the other, they would hang
    const barrier = (name: string) => async () => {
      order.push(`${name} start`)
      if (++arrived === 2) release()
      await Promise.race([both, new Promise((_, no) => setTimeout(() => no(new Error(`${name} ran alone`)), 5000))])
      order.push(`${name} end`)
    }
    const plan: Plan = {cluster: 't', stateDir: stateDir(), steps: [
      {kind: 'task', name: 'a', after: [], run: barrier('a')},
      {kind: 'task', name: 'b', after: [], run: barrier('b')},
      {kind: 'task', name: 'c', after: ['a', 'b'], run: async () => void order.push('c')},
    ]}
    await executePlan(plan, initial, {reporter: () => {}})
    expect(order.slice(0, 2).sort()).toEqual(['a start', 'b start'])
    expect(order.at(-1)).toBe('c')
  })

  test('a failure stops the other branches, undoes what ran (latest first) and throws the first error', async () => {
    const undone: string[] = []
    const events: string[] = []
    let slowSawAbort = false
    const plan: Plan = {cluster: 't', stateDir: stateDir(), steps: [
      {kind: 'task', name: 'one', after: [], run: async () => 'ok', rollback: async () => void undone.push('one')},
      {kind: 'task', name: 'two', after: ['one'], run: async () => 'ok', rollback: async () => void undone.push('two')},
      {kind: 'task', name: 'bad', after: ['two'], run: async () => { throw new Error('bad broke') }},
      {kind: 'task', name: 'slow', after: [], run: () => new Promise((r) => setTimeout(() => ((slowSawAbort = true), r('late')), 300))},
      {kind: 'task', name: 'never', after: ['bad'], run: async () => 'ran'},
    ]}
    const err = await executePlan(plan, initial, {reporter: (e) => e.phase !== 'running' && events.push(`${e.name}:${e.phase}`)}).catch((e: Error) => e)
    expect((err as Error).message).toBe('bad broke')
    expect(undone).toEqual(['two', 'one'])
    expect(slowSawAbort).toBe(true) // the executor waited for the step in flight before rolling back
    expect(events).not.toContain('never:done')
    expect(events).toContain('bad:failed')
  })

  test('a step after an unknown or later step is a programming error', async () => {
    const plan: Plan = {cluster: 't', stateDir: stateDir(), steps: [{kind: 'task', name: 'a', after: ['b'], run: async () => 'x'}, {kind: 'task', name: 'b', after: [], run: async () => 'y'}]}
    await expect(executePlan(plan, initial, {reporter: () => {}})).rejects.toThrow('step a runs after b, which is not an earlier step')
  })

  test('a signalling process is spawned at once, let go after its gate, and done when it says ready', async () => {
    const dir = stateDir()
    const script = `
      const fs = require('fs')
      process.stdin.on('data', () => {}); process.stdin.once('end', () => {
        fs.writeFileSync(process.env.OUT, JSON.stringify({gate: process.env.ZDEV_GATE, goAt: Date.now()}))
        fs.writeSync(Number(process.env.ZDEV_READY_FD), 'ready\\n'); fs.closeSync(Number(process.env.ZDEV_READY_FD))
        setInterval(() => {}, 1000)
      })`
    const out = path.join(dir, 'out.json')
    const spec: ProcessSpec = {name: 'agent', kind: 'node', command: process.execPath, args: ['-e', script], env: {OUT: out}, cwd: dir, logFile: path.join(dir, 'agent.log'), ports: {}, endpoints: [], ready: {kind: 'signal'}}
    const events: string[] = []
    let gateAt = 0
    const plan: Plan = {cluster: 't', stateDir: dir, steps: [
      {kind: 'task', name: 'gate', after: [], run: () => new Promise((r) => setTimeout(() => ((gateAt = Date.now()), r('open')), 400))},
      {kind: 'start', spec, after: [], gate: ['gate']},
    ]}
    const st = await executePlan(plan, initial, {reporter: (e) => events.push(`${e.name}:${e.phase}`)})
    expect(events).toEqual(['gate:running', 'agent:running', 'gate:done', 'agent:done'])
    const got = JSON.parse(readFileSync(out, 'utf8')) as {gate: string; goAt: number}
    expect(got.gate).toBe('stdin')
    expect(got.goAt).toBeGreaterThanOrEqual(gateAt) // it was let go only after the gate step
    const c = st.components.find((x) => x.name === 'agent')!
    expect(isProcessAlive(c.pid, c)).toBe(true)
  })

  test('a signalling process that dies before ready fails its step with its log tail', async () => {
    const dir = stateDir()
    const spec: ProcessSpec = {name: 'dies', kind: 'node', command: process.execPath, args: ['-e', `console.error('no config'); process.exit(3)`], env: {}, cwd: dir, logFile: path.join(dir, 'dies.log'), ports: {}, endpoints: [], ready: {kind: 'signal'}}
    const err = await executePlan({cluster: 't', stateDir: dir, steps: [{kind: 'start', spec, after: []}]}, initial, {reporter: () => {}}).catch((e: Error) => e)
    expect((err as Error).message).toBe('dies exited right after starting; its log ends with:\nno config')
  })
})
