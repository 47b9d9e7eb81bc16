// A write or read issued while the quorum elects a new leader rides out the election within the
// caller's deadline: etcd answers "leader changed" / "no leader" at once (the request was not
// proposed), and the client asks again instead of failing on the second member it tries.
import {afterEach, expect, test} from 'vitest'
import {enableKvAuth} from '../../src/kv/enable-auth.js'
import {EtcdError} from '../../src/store/etcd-json.js'
import {retrySafe} from '../../src/store/etcd-http.js'
import {Store} from '../../src/store/store.js'
import {startTestCluster, type TestCluster} from './etcd-cluster.js'

let cluster: TestCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function leaderIndex(endpoints: string[]): Promise<number> {
  for (const [i, e] of endpoints.entries()) {
    const st = (await (await fetch(`${e}/v3/maintenance/status`, {method: 'POST', body: '{}'})).json()) as {header: {member_id: string}; leader: string}
    if (st.header.member_id === st.leader) return i
  }
  throw new Error('no member says it leads')
}

test('which answers are retried: reads on any "not now", writes only when etcd refused them before proposing', () => {
  const unavailable = (m: string) => new EtcdError(m, 14, 503)
  expect(retrySafe('/v3/kv/range', unavailable('etcdserver: request timed out'))).toBe(true)
  expect(retrySafe('/v3/auth/authenticate', unavailable('etcdserver: leader changed'))).toBe(true)
  expect(retrySafe('/v3/kv/put', unavailable('etcdserver: leader changed'))).toBe(true)
  expect(retrySafe('/v3/kv/txn', unavailable('etcdserver: no leader'))).toBe(true)
  expect(retrySafe('/v3/kv/put', unavailable('etcdserver: too many requests'))).toBe(true)
  // may have been applied: a retried compare-and-swap would then fail against its own write
  expect(retrySafe('/v3/kv/txn', unavailable('etcdserver: request timed out'))).toBe(false)
  expect(retrySafe('/v3/kv/put', unavailable('etcdserver: request timed out, possibly due to previous leader failure'))).toBe(false)
  expect(retrySafe('/v3/kv/range', new EtcdError('etcdserver: mvcc: required revision has been compacted', 11, 400))).toBe(false)
  expect(retrySafe('/v3/kv/put', new EtcdError('etcdserver: permission denied', 7, 403))).toBe(false)
})

test('the leader is SIGKILLed: reads ride out the election; a write once a new leader is elected', {timeout: 60_000}, async () => {
  cluster = await startTestCluster(3, ['--heartbeat-interval', '50', '--election-timeout', '500'])
  // as a platform runs it: with auth on, each new client first authenticates (a linearizable read)
  const pw = (n: string) => ({username: n, password: `${n}-pw-${process.pid}`})
  const creds = {root: pw('root'), zdev: pw('zdev'), task: pw('task')}
  await enableKvAuth(cluster.endpoints, {platform: ['/zdev/electretry/'], data: '/zdev/electretry/data/'}, creds)
  const seed = Store.connect(cluster.endpoints, 'electretry', 2000, creds.zdev)
  await seed.put('/zdev/electretry/data/k', {n: 1})
  seed.close()
  const leader = await leaderIndex(cluster.endpoints)
  const live = cluster.endpoints.filter((_, i) => i !== leader)
  await cluster.kill(leader)
  const t0 = Date.now()
  const s = Store.connect([...live, cluster.endpoints[leader]!], 'electretry', 4000, creds.zdev)
  try {
    // a linearizable read sent mid-election is held by the member; the client asks again
    expect((await s.get<{n: number}>('/zdev/electretry/data/k'))?.value).toEqual({n: 1})
    const read = Date.now() - t0
    await s.put('/zdev/electretry/data/k', {n: 2})
    expect((await s.get<{n: number}>('/zdev/electretry/data/k'))?.value).toEqual({n: 2})
    console.log(`read through an election: ${read} ms; then write + read: ${Date.now() - t0 - read} ms`)
  } finally {
    s.close()
  }
})
