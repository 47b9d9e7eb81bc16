import {afterAll, expect, test} from 'vitest'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {upPlatform} from '../../src/platform/up.js'
import {downPlatform} from '../../src/platform/down.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {freePort} from '../../src/lib/ports.js'
import {killRecorded, until} from './helpers.js'

// The seam for later issues: given an agent script, up also runs servers, nodes and proxies.
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-agents-'))
const file = path.join(dir, 'zdev.yaml')
const stateDir = path.join(dir, '.zdev', 'agents')
const agentEntry = path.resolve('fixtures/platform/agents/fake-agent.mjs')

afterAll(async () => {
  await killRecorded(stateDir)
  rmSync(dir, {recursive: true, force: true})
})

test('agents start after the quorum, carry labels, and down stops their whole process group', async () => {
  const port = await freePort()
  writeFileSync(file, `name: agents\nkv:\n  members: 1\nservers: 1\nnodes:\n  - name: web-1\nproxies:\n  ports: [${port}]\n`)
  const events: string[] = []
  const r = await upPlatform(file, {agentEntry, reporter: (e) => e.phase !== 'running' && events.push(e.name)})
  // the agents start beside etcd, are let go once auth is on, and are done when they say they are ready
  expect(events.slice(0, 3)).toEqual(['etcd-1', 'kv quorum', 'kv auth'])
  expect(events.slice(3).sort()).toEqual(['proxy-1', 'server-1', 'web-1'])
  const st = await readPlatformStatus(file)
  expect(st.components.map((c) => [c.name, c.kind, c.alive])).toEqual([
    ['etcd-1', 'etcd', true], ['server-1', 'server', true], ['web-1', 'node', true], ['proxy-1', 'proxy', true],
  ])
  expect(st.quorum?.line).toMatch(/^quorum: ok \(1\/1 healthy, leader etcd-1, term \d+\)$/)
  const env = readFileSync(`/proc/${r.components.find((c) => c.name === 'proxy-1')!.pid}/environ`, 'utf8').split('\0')
  expect(env).toEqual(expect.arrayContaining(['ZDEV_CLUSTER=agents', 'ZDEV_COMPONENT=proxy-1', 'ZDEV_KIND=proxy', `ZDEV_LISTEN=127.0.0.1:${port}`, `ZDEV_KV_ENDPOINTS=${r.kvEndpoints[0]}`]))
  const readPid = (n: string) => Number(readFileSync(path.join(stateDir, `${n}.child.pid`), 'utf8'))
  const {value: grandchildren} = await until('agents wrote their child pids', 10_000, async () => {
    try {
      const ps = ['server-1', 'web-1', 'proxy-1'].map(readPid)
      return ps.every((p) => p > 0) ? ps : undefined
    } catch {
      return undefined
    }
  })
  expect(grandchildren.every((p) => isProcessAlive(p))).toBe(true)

  const d = await downPlatform(file)
  expect(d.stopped.map((s) => s.name)).toEqual(['proxy-1', 'server-1', 'web-1', 'etcd-1'])
  for (const c of r.components) expect(isProcessAlive(c.pid)).toBe(false)
  for (const p of grandchildren) expect(isProcessAlive(p)).toBe(false)
})

test('any recorded component can be stopped and started by name when kinds allow it', async () => {
  const {startMember, stopMember} = await import('../../src/platform/member.js')
  const port = await freePort()
  writeFileSync(file, `name: agents\nkv:\n  members: 1\nservers: 1\nnodes: 0\nproxies:\n  ports: [${port}]\n`)
  await upPlatform(file, {agentEntry})
  const all = ['etcd', 'server', 'node', 'proxy'] as const
  expect((await stopMember(file, 'proxy-1', [...all])).action).toBe('stopped')
  expect((await startMember(file, 'proxy-1', [...all])).action).toBe('started')
  expect(await stopMember(file, 'proxy-1').catch((e: Error) => e.message)).toBe('no KV member named "proxy-1" (members: etcd-1)')
  expect(await stopMember(file, 'proxy-9', [...all]).catch((e: Error) => e.message)).toBe('no component named "proxy-9"; did you mean "proxy-1"? (components: etcd-1, server-1, proxy-1)')
  await downPlatform(file, {purge: true})
})

test('up --no-wait on a cluster whose auth is on: no quorum or auth step, agents spawned without waiting (proxies until they listen)', async () => {
  const port = await freePort()
  writeFileSync(file, `name: agents\nkv:\n  members: 1\nservers: 1\nnodes:\n  - name: web-1\nproxies:\n  ports: [${port}]\n`)
  await upPlatform(file, {agentEntry})
  await downPlatform(file)
  const events: string[] = []
  const r = await upPlatform(file, {agentEntry, wait: false, reporter: (e) => e.phase === 'done' && events.push(`${e.name} ${e.detail}`)})
  expect(events.sort()).toEqual(['etcd-1 started', 'proxy-1 started', 'server-1 started', 'web-1 started'])
  const proxy = r.components.find((c) => c.name === 'proxy-1')!
  expect(readFileSync(`/proc/${proxy.pid}/environ`, 'utf8').split('\0')).not.toContain('ZDEV_GATE=stdin') // nothing holds it back
  await until('proxy-1 listens', 5000, async () => ((await import('../../src/lib/ports.js')).portInUse(port, '127.0.0.1').then((b) => b || undefined)))
  await downPlatform(file, {purge: true})
})

test('one supervisor runs every component: stop/start adds and removes one child, a crash is restarted, and when it is killed up restarts its orphans under a new one', {timeout: 60_000}, async () => {
  const {startMember, stopMember} = await import('../../src/platform/member.js')
  const {readState} = await import('../../src/platform/state.js')
  const {liveSupervisor} = await import('../../src/platform/supervisor-client.js')
  const {findLabelledProcesses} = await import('../../src/platform/find-labelled.js')
  const supervisorEntry = path.resolve('dist/supervise.js') // npm run build
  const ppid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
  const port = await freePort()
  writeFileSync(file, `name: agents\nkv:\n  members: 1\nservers: 1\nnodes:\n  - name: web-1\nproxies:\n  ports: [${port}]\n`)
  const r = await upPlatform(file, {agentEntry, supervisorEntry})
  const sup = liveSupervisor(stateDir)!
  expect(sup).not.toBeNull()
  const pidOf = async (n: string) => (await readState(stateDir))!.components.find((c) => c.name === n)!.pid!
  for (const c of r.components) expect([c.name, ppid(c.pid!)]).toEqual([c.name, sup.pid])
  // the platform's own processes: the supervisor, etcd, three agents and one child each (no per-process supervisors)
  expect(findLabelledProcesses(stateDir).length).toBe(1 + 4 + 3)

  const before = Object.fromEntries(await Promise.all(['etcd-1', 'server-1', 'web-1'].map(async (n) => [n, await pidOf(n)])))
  const all = ['etcd', 'server', 'node', 'proxy'] as const
  expect((await stopMember(file, 'proxy-1', [...all])).action).toBe('stopped')
  await new Promise((res) => setTimeout(res, 600))
  expect((await readPlatformStatus(file)).components.find((c) => c.name === 'proxy-1')).toMatchObject({alive: false, restarts: 0})
  const started = await startMember(file, 'proxy-1', [...all])
  expect(started.action).toBe('started')
  expect(ppid(started.pid!)).toBe(sup.pid)
  expect(Object.fromEntries(await Promise.all(Object.keys(before).map(async (n) => [n, await pidOf(n)])))).toEqual(before)

  await new Promise((res) => setTimeout(res, 3100)) // past the fail-fast window of its first start
  process.kill(started.pid!, 'SIGKILL')
  const {value: again} = await until('proxy-1 restarted', 5000, async () => {
    const p = await pidOf('proxy-1')
    return p !== started.pid && isProcessAlive(p) ? p : undefined
  })
  expect(ppid(again)).toBe(sup.pid)
  const px = (await readPlatformStatus(file)).components.find((c) => c.name === 'proxy-1')!
  expect(px).toMatchObject({alive: true, pid: again, restarts: 1, lastExit: expect.stringMatching(/^killed by SIGKILL at /)})

  process.kill(sup.pid, 'SIGKILL')
  await until('the supervisor gone', 3000, async () => (liveSupervisor(stateDir) ? undefined : true))
  const old = await Promise.all(['etcd-1', 'server-1', 'web-1', 'proxy-1'].map(pidOf))
  const up2 = await upPlatform(file, {agentEntry, supervisorEntry})
  expect(up2.cleaned.sort()).toEqual(['etcd-1', 'proxy-1', 'server-1', 'web-1'])
  for (const p of old) expect(isProcessAlive(p)).toBe(false)
  const sup2 = liveSupervisor(stateDir)!
  expect(sup2.pid).not.toBe(sup.pid)
  for (const c of up2.components) expect(ppid(c.pid!)).toBe(sup2.pid)

  const d = await downPlatform(file)
  expect(d.orphans).toEqual([])
  expect(isProcessAlive(sup2.pid)).toBe(false)
  await until('nothing labelled left', 3000, async () => (findLabelledProcesses(stateDir).length === 0 ? true : undefined))
  await downPlatform(file, {purge: true})
})
