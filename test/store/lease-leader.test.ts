// Lease renewals go to the raft leader (a follower would forward each one to it over the peer
// port): on a real 3-member quorum, etcd's own counters show every keep-alive arriving at the
// leader once the client has located it; the client's other calls still go anywhere.
import {afterEach, expect, test} from 'vitest'
import {createKvClient, type KvClient} from '../../src/store/client.js'
import {startTestCluster, type TestCluster} from './etcd-cluster.js'

let cluster: TestCluster | undefined
let client: KvClient | undefined
afterEach(async () => {
  client?.close()
  await cluster?.stop()
  cluster = client = undefined
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function keepAlives(endpoint: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith('grpc_server_msg_received_total{') && l.includes('grpc_method="LeaseKeepAlive"'))
  return line ? Number(line.split(' ').pop()) : 0
}

async function leaderIndex(endpoints: string[]): Promise<number> {
  for (const [i, e] of endpoints.entries()) {
    const st = (await (await fetch(`${e}/v3/maintenance/status`, {method: 'POST', body: '{}'})).json()) as {header: {member_id: string}; leader: string}
    if (st.header.member_id === st.leader) return i
  }
  throw new Error('no member says it leads')
}

test('keep-alives land on the leader only', {timeout: 40_000}, async () => {
  cluster = await startTestCluster(3)
  const raw = await leaderIndex(cluster.endpoints)
  // order the endpoints so the member this client starts on (pid % 3) is a follower: without the
  // leader hint every renewal would land there
  const start = process.pid % 3
  const others = cluster.endpoints.filter((_, i) => i !== raw)
  const endpoints = [0, 1, 2].map((i) => (i === (start + 1) % 3 ? cluster!.endpoints[raw]! : others.shift()!))
  const leader = endpoints.indexOf(cluster.endpoints[raw]!)
  client = createKvClient(endpoints, {callTimeoutMs: 1000})
  await client.grantLease(1, () => undefined) // renewed every ~333 ms
  await sleep(1500) // the first renewals locate the leader
  const before = await Promise.all(endpoints.map(keepAlives))
  await sleep(2500)
  const after = await Promise.all(endpoints.map(keepAlives))
  const delta = after.map((a, i) => a - before[i]!)
  expect(delta[leader]).toBeGreaterThanOrEqual(4)
  for (const [i, d] of delta.entries()) if (i !== leader) expect(d).toBe(0)
})
