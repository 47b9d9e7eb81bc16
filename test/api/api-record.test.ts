import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {readApiRecord, recordIsLive} from '../../src/platform/api-record.js'
import {freePort} from '../../src/lib/ports.js'
import type {ServerRecord} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

// Real server agents: what each records of its HTTP API, in api/<name>.json and in its KV
// registration, when it binds and when it cannot.
let etcd: TestEtcd
let agents: AgentSet
let store: Store

beforeAll(async () => {
  etcd = await startTestEtcd()
  agents = new AgentSet()
  store = Store.connect(etcd.endpoints, 'apirec')
}, 60_000)
afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

const registration = async (name: string) => (await store.get<ServerRecord>(store.keys.server(name)))?.value

describe('the API record of a server', () => {
  test('bound: the address in the record and in servers/<name>, pid live; after SIGTERM the address stays, pid null', async () => {
    const port = await freePort()
    const a = agents.start('server', 'server-1', {cluster: 'apirec', endpoints: etcd.endpoints, api: {host: '127.0.0.1', port, stateDir: agents.dir}})
    const rec = await waitFor('the record', async () => readApiRecord(agents.dir, 'server-1'), 30_000)
    expect(rec).toMatchObject({server: 'server-1', pid: a.proc.pid, addr: `http://127.0.0.1:${port}`, error: null})
    expect(recordIsLive(rec)).toBe(true)
    expect(await waitFor('the registration', () => registration('server-1'), 30_000)).toMatchObject({HttpAddr: `127.0.0.1:${port}`})
    await waitFor('the agent handles signals', async () => agents.log('server-1').includes('server server-1 started'), 30_000)
    await a.kill('SIGTERM')
    const after = readApiRecord(agents.dir, 'server-1')!
    expect(after).toMatchObject({pid: null, addr: `http://127.0.0.1:${port}`})
    expect(recordIsLive(after)).toBe(false)
  })

  test('cannot bind: a clear ERROR line in its log, the reason in the record, no HttpAddr; the server still runs', async () => {
    // 192.0.2.1 (TEST-NET-1) is no local address: bind fails at once, nothing is sent
    const a = agents.start('server', 'server-2', {cluster: 'apirec', endpoints: etcd.endpoints, api: {host: '192.0.2.1', port: await freePort(), stateDir: agents.dir}})
    const rec = await waitFor('the record', async () => readApiRecord(agents.dir, 'server-2'), 30_000)
    expect(rec).toMatchObject({pid: a.proc.pid, addr: null, error: expect.stringMatching(/^cannot listen on 192\.0\.2\.1:\d+: EADDRNOTAVAIL$/)})
    expect(recordIsLive(rec)).toBe(true)
    const reg = await waitFor('the registration', () => registration('server-2'), 30_000)
    expect(reg.HttpAddr).toBeUndefined()
    expect(agents.log('server-2')).toMatch(/ERROR HTTP API not started: cannot listen on 192\.0\.2\.1:\d+: EADDRNOTAVAIL; the server schedules without it/)
    expect(a.proc.exitCode).toBeNull()
  })
})
