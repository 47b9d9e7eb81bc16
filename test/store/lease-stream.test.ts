// Lease renewals ride one gRPC LeaseKeepAlive stream per client: etcd's own counters show one
// stream opened and many messages on it; when the member under the stream dies the renewals
// move (the lease lives on), and a lease whose holder stops renewing still expires.
import {afterEach, expect, test} from 'vitest'
import {createKvClient, type KvClient} from '../../src/store/client.js'
import {startTestCluster, type TestCluster} from './etcd-cluster.js'

let cluster: TestCluster | undefined
let clients: KvClient[] = []
afterEach(async () => {
  for (const c of clients) c.close()
  await cluster?.stop()
  cluster = undefined
  clients = []
})

// timetolive answers the whole seconds left (0 with under one left); a lease etcd no longer has answers -1
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function counter(endpoint: string, name: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('grpc_method="LeaseKeepAlive"'))
  return line ? Number(line.split(' ').pop()) : 0
}

const total = async (endpoints: string[], name: string) => (await Promise.all(endpoints.map((e) => counter(e, name)))).reduce((a, b) => a + b, 0)

test('two leases share one stream: one stream opened, a message per renewal', {timeout: 30_000}, async () => {
  cluster = await startTestCluster(1)
  const c = createKvClient(cluster.endpoints, {callTimeoutMs: 1000})
  clients.push(c)
  const a = await c.grantLease(1, () => undefined)
  const b = await c.grantLease(1, () => undefined)
  await sleep(1000)
  const [started0, msgs0] = [await total(cluster.endpoints, 'grpc_server_started_total'), await total(cluster.endpoints, 'grpc_server_msg_received_total')]
  await sleep(3000)
  const [started1, msgs1] = [await total(cluster.endpoints, 'grpc_server_started_total'), await total(cluster.endpoints, 'grpc_server_msg_received_total')]
  expect(started1 - started0).toBe(0)
  expect(msgs1 - msgs0).toBeGreaterThanOrEqual(2 * 6)
  expect(await c.leaseTimeToLive(a.id)).toBeGreaterThanOrEqual(0)
  expect(await c.leaseTimeToLive(b.id)).toBeGreaterThanOrEqual(0)
})

// The stream runs to the leader, so killing the member under it costs an election: with a 1 s TTL
// (lost after 2 s unrenewed) an election on a loaded CI machine could outlast it, so this lease has 2 s.
test('the renewals move when the member under the stream dies', {timeout: 45_000}, async () => {
  cluster = await startTestCluster(3)
  const c = createKvClient(cluster.endpoints, {callTimeoutMs: 1000})
  clients.push(c)
  let lost = false
  const lease = await c.grantLease(2, () => (lost = true))
  await sleep(1500)
  const counts = await Promise.all(cluster.endpoints.map((e) => counter(e, 'grpc_server_msg_received_total')))
  await sleep(1500)
  const later = await Promise.all(cluster.endpoints.map((e) => counter(e, 'grpc_server_msg_received_total')))
  const under = later.findIndex((n, i) => n > counts[i]!)
  expect(under).toBeGreaterThanOrEqual(0)
  await cluster.kill(under)
  await sleep(6000) // three TTLs: only renewals elsewhere keep it
  expect(lost).toBe(false)
  const rest = cluster.endpoints.filter((_, i) => i !== under)
  const probe = createKvClient(rest, {callTimeoutMs: 2000})
  clients.push(probe)
  expect(await probe.leaseTimeToLive(lease.id)).toBeGreaterThanOrEqual(0)
  const m0 = await total(rest, 'grpc_server_msg_received_total')
  await sleep(3000)
  expect((await total(rest, 'grpc_server_msg_received_total')) - m0).toBeGreaterThanOrEqual(3) // back on a stream
})

test('a released lease expires (the stream holds nothing open for it)', {timeout: 30_000}, async () => {
  cluster = await startTestCluster(1)
  const c = createKvClient(cluster.endpoints, {callTimeoutMs: 1000})
  clients.push(c)
  const kept = await c.grantLease(1, () => undefined)
  const dropped = await c.grantLease(1, () => undefined)
  await sleep(1000)
  dropped.release()
  await sleep(2500)
  expect(await c.leaseTimeToLive(dropped.id)).toBe(-1)
  expect(await c.leaseTimeToLive(kept.id)).toBeGreaterThanOrEqual(0)
})
