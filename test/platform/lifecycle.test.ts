import {afterAll, describe, expect, test} from 'vitest'
import {readKvCredentials} from '../../src/kv/credentials.js'
import path from 'node:path'
import net from 'node:net'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {withStateLock} from '../../src/platform/state-lock.js'
import {upPlatform} from '../../src/platform/up.js'
import {downPlatform} from '../../src/platform/down.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {startMember, stopMember} from '../../src/platform/member.js'
import {readState} from '../../src/platform/state.js'
import {isProcessAlive} from '../../src/platform/process-alive.js'
import {Store} from '../../src/store/store.js'
import {killRecorded, supervisorPid, tempPlatform, until} from './helpers.js'

// One real 3-member etcd cluster taken through its whole life: up, faults, recovery, down, up.
const file = tempPlatform('life')
const stateDir = path.join(path.dirname(file), '.zdev', 'life')

afterAll(async () => {
  await killRecorded(stateDir)
  rmSync(path.dirname(file), {recursive: true, force: true})
})

async function pids(): Promise<number[]> {
  const s = await readState(stateDir)
  return (s?.components ?? []).map((c) => c.pid).filter((p): p is number => p !== null)
}

describe.sequential('3-member KV quorum lifecycle', () => {
  let endpoints: string[] = []

  test('up starts 3 etcd members and waits for quorum; put/get works', async () => {
    const events: string[] = []
    const r = await upPlatform(file, {reporter: (e) => events.push(`${e.name}:${e.phase}`)})
    expect(r.outcome).toBe('started')
    expect(r.started).toEqual(['etcd-1', 'etcd-2', 'etcd-3'])
    // a new cluster's members start one after another (src/kv/bootstrap-order.ts); the quorum wait
    // follows them all, then auth is turned on
    expect(events.slice(0, 6)).toEqual(['etcd-1:running', 'etcd-1:done', 'etcd-2:running', 'etcd-2:done', 'etcd-3:running', 'etcd-3:done'])
    expect(events.slice(6)).toEqual(['kv quorum:running', 'kv quorum:done', 'kv auth:running', 'kv auth:done'])
    endpoints = r.kvEndpoints
    const {value: st} = await until('status ok', 5000, async () => {
      const s = await readPlatformStatus(file)
      return s.quorum?.state === 'ok' ? s : undefined
    })
    expect(st.quorum?.line).toMatch(/^quorum: ok \(3\/3 healthy, leader etcd-[123], term \d+\)$/)
    const store = Store.connect(endpoints, 'life', 2000, readKvCredentials(stateDir)!.zdev)
    await store.put(store.keys.data + 'a', 1)
    expect((await store.get(store.keys.data + 'a'))?.value).toBe(1) // etcd3 reads are linearizable by default
    store.close()
  })

  test('up on a running cluster reports it and starts nothing', async () => {
    const r = await upPlatform(file)
    expect(r.outcome).toBe('already-running')
    expect(r.started).toEqual([])
  })

  test('one member down: writes succeed, status shows 2/3 and a leader', async () => {
    const {value: before} = await until('a leader', 5000, async () => {
      const s = await readPlatformStatus(file)
      return s.quorum?.state === 'ok' ? s : undefined
    })
    const leader = before.components.find((c) => c.leader)!.name
    const res = await stopMember(file, leader) // the hardest one to lose
    expect(res.action).toBe('stopped')
    const store = Store.connect(endpoints, 'life', 2000, readKvCredentials(stateDir)!.zdev)
    await store.put(store.keys.data + 'b', 2)
    store.close()
    const {value: st} = await until('a new leader', 5000, async () => {
      const s = await readPlatformStatus(file)
      return s.quorum?.state === 'ok' ? s : undefined
    })
    expect(st.quorum!.healthy).toBe(2)
    expect(st.quorum!.line).toMatch(/^quorum: ok \(2\/3 healthy, leader etcd-[123], term \d+\)$/)
    expect(st.components.find((c) => c.name === leader)).toMatchObject({alive: false, healthy: false, leader: false})
  })

  test('two members down: status says LOST within 5 s and a write fails in bounded time', async () => {
    const st0 = await readPlatformStatus(file)
    const second = st0.components.find((c) => c.alive)!.name
    await stopMember(file, second)
    const {value: st, ms} = await until('quorum lost', 5000, async () => {
      const s = await readPlatformStatus(file)
      // the survivor answers health checks until it notices it has no leader: 1/3, then 0/3
      return s.quorum?.state === 'lost' && s.quorum.healthy <= 1 ? s : undefined
    })
    expect(ms).toBeLessThan(5000)
    expect(st.quorum!.line).toMatch(/^quorum: LOST \([01]\/3 healthy, 2 needed\)$/)
    const store = Store.connect(endpoints, 'life', 1000, readKvCredentials(stateDir)!.zdev)
    const t0 = performance.now()
    const err = await store.put(store.keys.data + 'c', 3).catch((e: Error) => e)
    const took = performance.now() - t0
    store.close()
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/^The KV quorum did not answer while trying to write \/zdev\/life\/data\/c \(within 1000 ms\): /)
    expect(took).toBeLessThan(5000)
  })

  test('members started again: quorum returns and no key is lost', async () => {
    const st0 = await readPlatformStatus(file)
    for (const c of st0.components.filter((x) => !x.alive)) expect((await startMember(file, c.name)).action).toBe('started')
    await until('quorum back', 10_000, async () => ((await readPlatformStatus(file)).quorum?.state === 'ok' ? true : undefined))
    const store = Store.connect(endpoints, 'life', 2000, readKvCredentials(stateDir)!.zdev)
    const got = await until('keys readable', 10_000, () => store.list<number>(store.keys.data).catch(() => undefined))
    store.close()
    // a and b were acknowledged, so they must survive. c timed out, so its fate is unknown: its
    // proposal may still commit once the quorum is back (that is etcd's contract, not a loss).
    expect(got.value.items.map((e) => [e.key, e.value])).toEqual(expect.arrayContaining([['/zdev/life/data/a', 1], ['/zdev/life/data/b', 2]]))
  })

  test('up after `kv stop` starts only the missing member', async () => {
    await stopMember(file, 'etcd-3')
    const events: string[] = []
    const r = await upPlatform(file, {reporter: (e) => e.phase !== 'running' && events.push(`${e.name}:${e.phase}`)})
    expect(r.started).toEqual(['etcd-3'])
    expect(events).toEqual(['etcd-1:skipped', 'etcd-2:skipped', 'etcd-3:done', 'kv quorum:done', 'kv auth:done'])
  })

  test('two changers at once: the second is refused, not doubled', async () => {
    // hold the cluster's lock as a first changer would, for as long as the second one tries
    let release!: () => void
    const first = withStateLock(stateDir, 'life', () => new Promise<void>((r) => (release = r)))
    // (its pid written, not only the file made: an empty lock reads as one whose owner died)
    await until('the first changer holds the lock', 5000, async () => (existsSync(path.join(stateDir, 'lock')) && readFileSync(path.join(stateDir, 'lock'), 'utf8') === String(process.pid) ? true : undefined))
    await expect(downPlatform(file)).rejects.toThrow(`another zdev (pid ${process.pid}) is changing cluster life right now`)
    await expect(upPlatform(file)).rejects.toThrow(`another zdev (pid ${process.pid}) is changing cluster life right now`)
    release()
    await first
    await upPlatform(file)
    expect((await readPlatformStatus(file)).quorum?.state).toBe('ok')
  })

  test('down leaves no process behind; up after down restores the data', async () => {
    const before = await pids()
    expect(before).toHaveLength(3)
    const d = await downPlatform(file)
    expect(d.stopped.map((s) => s.name).sort()).toEqual(['etcd-1', 'etcd-2', 'etcd-3'])
    for (const pid of before) expect(isProcessAlive(pid)).toBe(false)
    expect(await pids()).toEqual([])
    const events: string[] = []
    const r = await upPlatform(file, {reporter: (e) => events.push(`${e.name}:${e.phase}`)})
    expect(r.outcome).toBe('started')
    // every member has its WAL: they start at once
    expect(events.slice(0, 3)).toEqual(['etcd-1:running', 'etcd-2:running', 'etcd-3:running'])
    expect(r.kvEndpoints).toEqual(endpoints)
    const store = Store.connect(endpoints, 'life', 2000, readKvCredentials(stateDir)!.zdev)
    expect((await store.get(store.keys.data + 'b'))?.value).toBe(2)
    store.close()
  })

  test('a crash (all pids killed, the supervisor first) is detected as stale, cleaned, and the data kept', async () => {
    const before = await pids()
    const sup = supervisorPid(stateDir) // (none when this checkout has no dist/supervise.js beside the agent entry)
    if (sup) process.kill(sup, 'SIGKILL')
    for (const pid of before) process.kill(pid, 'SIGKILL')
    await until('pids gone', 3000, async () => (before.every((p) => !isProcessAlive(p)) ? true : undefined))
    const r = await upPlatform(file)
    expect(r.cleaned.sort()).toEqual(['etcd-1', 'etcd-2', 'etcd-3'])
    expect(r.outcome).toBe('started')
    const store = Store.connect(endpoints, 'life', 2000, readKvCredentials(stateDir)!.zdev)
    expect((await store.get(store.keys.data + 'a'))?.value).toBe(1)
    store.close()
  })

  test('a kept port taken by someone else while down: a clear error, nothing started', async () => {
    await downPlatform(file)
    const port = Number(new URL(endpoints[0]!).port)
    const squatter = net.createServer().listen(port, '127.0.0.1')
    await new Promise((r) => squatter.once('listening', r))
    try {
      const err = await upPlatform(file).catch((e: Error) => e)
      expect((err as Error).message).toBe(`etcd-1's client port ${port} (kept from the last run: etcd remembers it in its data) is in use by another process`)
      expect(await pids()).toEqual([])
    } finally {
      await new Promise((r) => squatter.close(r))
    }
    expect((await upPlatform(file)).outcome).toBe('started')
  })

  test('down also stops labelled processes state.json lost track of', async () => {
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {env: {...process.env, ZDEV_STATE_DIR: stateDir, ZDEV_COMPONENT: 'lost'}, stdio: 'ignore', detached: true})
    await until('orphan visible', 3000, async () => (isProcessAlive(orphan.pid) ? true : undefined))
    const d = await downPlatform(file)
    expect(d.orphans).toEqual([orphan.pid])
    expect(isProcessAlive(orphan.pid)).toBe(false)
    await upPlatform(file)
  })

  test('down --purge stops everything and removes the state dir', async () => {
    const before = await pids()
    const d = await downPlatform(file, {purge: true})
    expect(d.purged).toBe(true)
    for (const pid of before) expect(isProcessAlive(pid)).toBe(false)
    expect(existsSync(stateDir)).toBe(false)
  })
})
