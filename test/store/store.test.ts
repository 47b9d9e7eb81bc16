import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {Store} from '../../src/store/store.js'
import {LeasedKeys} from '../../src/store/registration.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {getJob, jobHistory, revertJob, stopJob, submitJob} from '../../src/store/jobs.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'
import {testJob} from '../support/jobs.js'

let etcd: TestEtcd
let store: Store
let n = 0
const clock = {now: () => 1_700_000_000_000 + n, newId: () => `id-${++n}`}

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, 'st')
})
afterAll(async () => {
  store?.close()
  await etcd?.stop()
})

describe('store', () => {
  test('put/get/list round-trip JSON with revisions', async () => {
    const rev = await store.put(store.keys.data + 'a', {x: 1})
    const e = await store.get<{x: number}>(store.keys.data + 'a')
    expect(e?.value).toEqual({x: 1})
    expect(e?.modRevision).toBe(rev)
    await store.put(store.keys.data + 'b', {x: 2})
    const l = await store.list<{x: number}>(store.keys.data)
    expect(l.items.map((i) => i.value.x)).toEqual([1, 2])
    expect(l.revision).toBeGreaterThanOrEqual(rev)
  })

  test('submitJob versions only on change, always creates an eval', async () => {
    const job = testJob('web')
    const a = await submitJob(store, job, clock)
    const b = await submitJob(store, job, clock)
    const c = await submitJob(store, {...job, Meta: {v: '2'}}, clock)
    expect([a.version, a.changed, b.version, b.changed, c.version, c.changed]).toEqual([0, true, 0, false, 1, true])
    expect(new Set([a.evalId, b.evalId, c.evalId]).size).toBe(3)
    const st = await readClusterState(store)
    expect(st.jobs.web.Version).toBe(1)
    expect(st.evals.filter((e) => e.JobID === 'web').map((e) => e.TriggeredBy)).toEqual(['job-register', 'job-register', 'job-register'])
    expect((await jobHistory(store, 'web')).map((j) => j.Version)).toEqual([1, 0])
  })

  test('revert submits the old spec as a new version; stop and purge', async () => {
    const r = await revertJob(store, 'web', 0, clock)
    expect(r.version).toBe(2)
    expect((await getJob(store, 'web')).Meta).toEqual(testJob('web').Meta)
    await stopJob(store, 'web', false, clock)
    expect((await getJob(store, 'web')).Stop).toBe(true)
    await stopJob(store, 'web', true, clock)
    await expect(getJob(store, 'web')).rejects.toThrow('No job with ID "web" in this cluster.')
    await expect(revertJob(store, 'web', 0, clock)).rejects.toThrow('Job "web" has no version 0.')
  })

  test('leased keys vanish when the lease is revoked, and the node merges as down', async () => {
    const lk = new LeasedKeys(store, 2)
    await lk.start()
    const node = {ID: 'n1', Name: 'node-1'} as never
    await lk.set(store.keys.node('n1'), node)
    await store.put(store.keys.nodeStatus('n1'), {Node: node, Status: 'ready', StatusUpdatedAt: 1})
    expect((await readClusterState(store)).nodes.map((x) => [x.Name, x.Status])).toEqual([['node-1', 'ready']])
    await lk.close()
    expect(await store.get(store.keys.node('n1'))).toBeNull()
    expect((await readClusterState(store)).nodes.map((x) => [x.Name, x.Status])).toEqual([['node-1', 'down']])
  })

  test('watch delivers puts and deletes in order', async () => {
    const seen: string[] = []
    const cancel = await store.watch(store.keys.data + 'w/', (e) => seen.push(`${e.type}:${e.key.split('/').pop()}`))
    await store.put(store.keys.data + 'w/1', 1)
    await store.delete(store.keys.data + 'w/1')
    const deadline = Date.now() + 3000
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await cancel()
    expect(seen).toEqual(['put:1', 'delete:1'])
  })
})

describe('leased keys ordering', () => {
  test('a burst of writes to one key ends with the last value (no reordering)', async () => {
    const lk = new LeasedKeys(store, 5)
    await lk.start()
    const key = store.keys.data + 'burst'
    const writes: Promise<void>[] = []
    for (let i = 0; i < 50; i++) writes.push(lk.set(key, {i}))
    await Promise.all(writes)
    expect((await store.get<{i: number}>(key))?.value).toEqual({i: 49})
    await lk.remove(key)
    expect(await store.get(key)).toBeNull()
    await lk.close()
  })
})
