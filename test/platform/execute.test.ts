import {afterAll, describe, expect, test} from 'vitest'
import {mkdtempSync, rmSync} from 'node:fs'
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
