import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest'
import type {LeaseKeepAliveStream} from '../../src/store/lease-stream.js'
import {enableKvAuth} from '../../src/kv/enable-auth.js'
import {readMemberStatus} from '../../src/kv/member-status.js'
import {createKvClient, type KvClient} from '../../src/store/client.js'
import {prefixEnd} from '../../src/store/etcd-json.js'
import {currentLeader, LeaderElection} from '../../src/store/leader-election.js'
import {LeasedKeys} from '../../src/store/registration.js'
import {Store} from '../../src/store/store.js'
import {startTestCluster, type TestCluster} from './etcd-cluster.js'

// Our etcd client against one real etcd 3.4 member: the gateway's shapes, txn compares, leases,
// watches (from a revision, after compaction), election, and auth with expiring tokens.
let etcd: TestCluster
let c: KvClient
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

beforeAll(async () => {
  etcd = await startTestCluster(1)
  c = createKvClient(etcd.endpoints)
})
afterAll(async () => {
  c?.close()
  await etcd?.stop()
})

describe('unary calls', () => {
  test('put, range (one key, prefix, keys only), delete with revisions', async () => {
    const r1 = await c.put('/t/a', 'one')
    const r2 = await c.put('/t/b', Buffer.from([0, 1, 2, 255]))
    expect(r2).toBe(r1 + 1)
    const one = await c.range('/t/a')
    expect(one.kvs).toEqual([{key: '/t/a', value: 'one', createRevision: r1, modRevision: r1, version: 1, lease: '0'}])
    expect(one.revision).toBe(r2)
    const all = await c.prefix('/t/')
    expect(all.kvs.map((k) => k.key)).toEqual(['/t/a', '/t/b'])
    expect(Buffer.from(all.kvs[1]!.value, 'latin1').length).toBeGreaterThan(0)
    expect((await c.prefix('/t/', {keysOnly: true})).kvs.map((k) => [k.key, k.value, k.modRevision])).toEqual([['/t/a', '', r1], ['/t/b', '', r2]])
    expect((await c.range('/t/missing')).kvs).toEqual([])
    expect(await c.delete('/t/', prefixEnd('/t/'))).toBe(2)
    expect((await c.prefix('/t/')).kvs).toEqual([])
  })

  test('txn compares: mod revision, version, create, a range compare, and the failure branch', async () => {
    const put = (k: string, v: string) => ({request_put: {key: k, value: v}})
    // "create if absent": Mod == 0 holds once
    expect((await c.txn({compare: [{key: '/x/k', target: 'Mod', result: 'Equal', mod_revision: 0}], success: [put('/x/k', '1')]})).succeeded).toBe(true)
    const second = await c.txn({compare: [{key: '/x/k', target: 'Mod', result: 'Equal', mod_revision: 0}], success: [put('/x/k', '2')], failure: [{request_range: {key: '/x/k'}}]})
    expect(second.succeeded).toBe(false)
    const got = second.responses[0]!.response_range!.kvs![0]!
    expect(Buffer.from(got.value!, 'base64').toString()).toBe('1')
    const rev = Number(got.mod_revision)
    expect((await c.txn({compare: [{key: '/x/k', target: 'Mod', result: 'Equal', mod_revision: rev}], success: [put('/x/k', '3')]})).succeeded).toBe(true)
    expect((await c.txn({compare: [{key: '/x/k', target: 'Version', result: 'Greater', version: 1}]})).succeeded).toBe(true)
    expect((await c.txn({compare: [{key: '/x/none', target: 'Version', result: 'Greater', version: 0}]})).succeeded).toBe(false)
    expect((await c.txn({compare: [{key: '/x/k', target: 'Create', result: 'Equal', create_revision: rev}]})).succeeded).toBe(true)
    expect((await c.txn({compare: [{key: '/x/k', target: 'Value', result: 'Equal', value: '3'}]})).succeeded).toBe(true)
    // the plan applier's guard: nothing under the prefix changed since a revision
    const now = (await c.range('/x/k')).revision
    const guard = () => c.txn({compare: [{key: '/x/', range_end: prefixEnd('/x/'), target: 'Mod', result: 'Less', mod_revision: now + 1}], success: [put('/y/done', '1')]})
    expect((await guard()).succeeded).toBe(true)
    await c.put('/x/other', '1')
    expect((await guard()).succeeded).toBe(false)
    // a delete inside a txn
    expect((await c.txn({compare: [], success: [{request_delete_range: {key: '/x/k'}}]})).succeeded).toBe(true)
    expect((await c.range('/x/k')).kvs).toEqual([])
  })

  test('etcd\'s refusals come back as errors with its words', async () => {
    await expect(c.put('', 'x')).rejects.toThrow('etcdserver: key is not provided')
    await expect(c.put('/l', 'x', '12345')).rejects.toThrow(/requested lease not found/)
  })

  test('member status and member list', async () => {
    const s = await readMemberStatus(etcd.endpoints[0]!, 1000)
    expect(s).toMatchObject({reachable: true, version: '3.4.23'})
    expect(s.id).toBe(s.leaderId)
    const members = await c.memberList()
    expect(members.map((m) => m.clientURLs)).toEqual([etcd.endpoints])
  })
})

describe('leases', () => {
  test('a lease is renewed at about a third of its TTL, not constantly, and keeps its keys', async () => {
    const calls = vi.spyOn(c.transport, 'call')
    // renewals ride the client's keep-alive stream, or the gateway when the stream fails
    const streamed = vi.spyOn(Reflect.get(c, 'keepAlives') as LeaseKeepAliveStream, 'keepAlive')
    const lease = await c.grantLease(3, () => undefined)
    await c.put('/lease/a', 'x', lease.id)
    await sleep(4000) // past the TTL: only renewals keep the key
    const keepalives = Math.max(calls.mock.calls.filter(([p]) => p === '/v3/lease/keepalive').length, streamed.mock.calls.length)
    calls.mockRestore()
    streamed.mockRestore()
    expect(keepalives).toBeGreaterThanOrEqual(3)
    expect(keepalives).toBeLessThanOrEqual(5)
    expect((await c.range('/lease/a')).kvs.length).toBe(1)
    expect(await c.leaseTimeToLive(lease.id)).toBeGreaterThan(0)
    await lease.revoke()
    expect((await c.range('/lease/a')).kvs.length).toBe(0)
  }, 10_000)

  test('a lease etcd dropped is reported lost; leased keys are granted anew and put again', async () => {
    const store = Store.connect(etcd.endpoints, 'lk')
    const changes: string[] = []
    const lk = new LeasedKeys(store, 1, (s) => changes.push(s))
    try {
      await lk.start()
      await lk.set(store.keys.node('n1'), {ID: 'n1'})
      await lk.set(store.keys.service('web', 'i1'), {ID: 'i1'})
      const before = await store.listRaw(store.keys.prefix)
      const leaseId = before.kvs[0]!.lease
      expect(before.kvs.map((k) => k.lease)).toEqual([leaseId, leaseId])
      // what a quorum loss or a long pause does: etcd no longer has the lease, the keys went with it
      await c.transport.call('/v3/lease/revoke', {ID: leaseId})
      expect((await store.listRaw(store.keys.prefix)).kvs).toEqual([])
      await until('the keys put again under a new lease', async () => {
        const now = await store.listRaw(store.keys.prefix)
        return now.kvs.length === 2 && now.kvs.every((k) => k.lease !== leaseId && k.lease !== '0')
      })
      // 'renewed' follows the last put's answer, which can arrive after a read already sees the key
      await until("'renewed' reported", () => changes.length >= 2)
      expect(changes).toEqual(['lost', 'renewed'])
      await lk.close()
      expect((await store.listRaw(store.keys.prefix)).kvs).toEqual([])
    } finally {
      await lk.close() // a failed assertion must not leave it writing into the next test's revisions
      store.close()
    }
  })
})

describe('watches', () => {
  test('from a revision: every put and delete after it, in order, with the revisions', async () => {
    const r0 = await c.put('/w/a', '1')
    await c.put('/w/b', '2')
    await c.delete('/w/a')
    const seen: string[] = []
    const w = await c.watch({key: '/w/', rangeEnd: prefixEnd('/w/'), startRevision: r0, onEvents: (es) => es.forEach((e) => seen.push(`${e.type} ${e.kv.key} ${e.kv.value} ${e.kv.modRevision - r0}`))})
    await c.put('/w/c', '3')
    await until('4 events', () => seen.length >= 4)
    await w.cancel()
    await c.put('/w/d', '4')
    await sleep(200)
    expect(seen).toEqual(['put /w/a 1 0', 'put /w/b 2 1', 'delete /w/a  2', 'put /w/c 3 3'])
  })

  test('a txn\'s events arrive together, and the watch ends on cancel', async () => {
    const batches: number[] = []
    const w = await c.watch({key: '/wt/', rangeEnd: prefixEnd('/wt/'), onEvents: (es) => batches.push(es.length)})
    await c.txn({compare: [], success: [{request_put: {key: '/wt/1', value: 'a'}}, {request_put: {key: '/wt/2', value: 'b'}}, {request_put: {key: '/wt/3', value: 'c'}}]})
    await until('the txn', () => batches.length > 0)
    expect(batches).toEqual([3])
    expect(w.endpoint()).toBe(etcd.endpoints[0])
    await w.cancel()
    expect(w.endpoint()).toBeNull()
  })

  test('history compacted away: the watch says so and goes on from the oldest revision kept', async () => {
    const r0 = await c.put('/wc/a', '1')
    const r1 = await c.put('/wc/a', '2')
    const r2 = await c.put('/wc/a', '3')
    await c.transport.call('/v3/kv/compaction', {revision: String(r1)})
    const seen: number[] = []
    const compacted: number[] = []
    const w = await c.watch({key: '/wc/', rangeEnd: prefixEnd('/wc/'), startRevision: r0, onEvents: (es) => es.forEach((e) => seen.push(e.kv.modRevision)), onCompacted: (r) => compacted.push(r)})
    await until('events after the compaction', () => seen.includes(r2))
    await w.cancel()
    expect(compacted).toEqual([r1])
    expect(seen).toEqual([r1, r2])
  })

})

describe('election', () => {
  test('the oldest candidate leads; when it resigns the next one does; a reader sees who', async () => {
    const store = Store.connect(etcd.endpoints, 'el')
    const log: string[] = []
    const mk = (name: string) => new LeaderElection(store, name, 1, {onElected: () => log.push(`${name} elected`), onDeposed: (r) => log.push(`${name} deposed: ${r}`)})
    const a = mk('a')
    const b = mk('b')
    try {
      a.start()
      await until('a leads', () => a.isLeader())
      b.start()
      await sleep(1500) // past the TTL: renewals keep a leading
      expect([a.isLeader(), b.isLeader(), await currentLeader(store)]).toEqual([true, false, 'a'])
      await a.stop()
      await until('b leads', () => b.isLeader())
      expect(await currentLeader(store)).toBe('b')
      expect(log).toEqual(['a elected', 'b elected'])
    } finally {
      await a.stop()
      await b.stop()
      store.close()
    }
    const reader = Store.connect(etcd.endpoints, 'el')
    expect(await currentLeader(reader)).toBeUndefined()
    reader.close()
  })

  test('a leader whose campaign key vanishes steps down and campaigns again', async () => {
    const store = Store.connect(etcd.endpoints, 'el2')
    const log: string[] = []
    const a = new LeaderElection(store, 'a', 1, {onElected: () => log.push('elected'), onDeposed: () => log.push('deposed')})
    try {
      a.start()
      await until('a leads', () => a.isLeader())
      const key = (await store.client.prefix('election/' + store.keys.election + '/')).kvs[0]!
      await c.transport.call('/v3/lease/revoke', {ID: key.lease})
      await until('a leads again', () => log.length === 3)
      expect(log).toEqual(['elected', 'deposed', 'elected'])
    } finally {
      await a.stop()
      store.close()
    }
  })
})

describe('auth', () => {
  let sec: TestCluster
  afterAll(async () => sec?.stop())

  test('enableKvAuth confines users; an expired token is fetched again without the caller seeing it', async () => {
    sec = await startTestCluster(1, ['--auth-token-ttl', '1'])
    const creds = {root: {username: 'root', password: 'r00t'}, zdev: {username: 'zdev', password: 'pz'}, task: {username: 'task', password: 'pt'}}
    expect(await enableKvAuth(sec.endpoints, {platform: ['/zdev/s/', 'election//zdev/s/'], data: '/zdev/s/data/'}, creds)).toBe('enabled')
    expect(await enableKvAuth(sec.endpoints, {platform: ['/zdev/s/'], data: '/zdev/s/data/'}, creds)).toBe('already')
    const anon = createKvClient(sec.endpoints)
    const zdev = createKvClient(sec.endpoints, {auth: creds.zdev})
    const task = createKvClient(sec.endpoints, {auth: creds.task})
    const wrong = createKvClient(sec.endpoints, {auth: {username: 'zdev', password: 'nope'}})
    try {
      await expect(anon.put('/zdev/s/jobs/x', '{}')).rejects.toThrow(/user name is empty/)
      await expect(wrong.range('/zdev/s/jobs/x')).rejects.toThrow(/authentication failed/)
      await zdev.put('/zdev/s/jobs/x', '{}')
      await task.put('/zdev/s/data/n', '1')
      await expect(task.put('/zdev/s/jobs/x', '{}')).rejects.toThrow(/permission denied/)
      await expect(task.watch({key: '/zdev/s/jobs/', rangeEnd: prefixEnd('/zdev/s/jobs/'), onEvents: () => undefined})).rejects.toThrow(/permission denied/)
      const seen: string[] = []
      const w = await task.watch({key: '/zdev/s/data/', rangeEnd: prefixEnd('/zdev/s/data/'), onEvents: (es) => es.forEach((e) => seen.push(e.kv.value))})
      const calls = vi.spyOn(zdev.transport, 'call')
      await sleep(2500) // the tokens expire (TTL 1 s without use)
      expect((await zdev.range('/zdev/s/jobs/x')).kvs.length).toBe(1)
      await zdev.put('/zdev/s/data/n', '2')
      calls.mockRestore()
      await until('the watch saw the put', () => seen.includes('2'))
      await w.cancel()
    } finally {
      for (const x of [anon, zdev, task, wrong]) x.close()
    }
  }, 30_000)
})
