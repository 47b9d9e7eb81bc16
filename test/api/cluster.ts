import path from 'node:path'
import {freePort} from '../../src/lib/ports.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

/** A real cluster for API tests: etcd, servers with their HTTP API, node agents. */
export interface ApiCluster {
  etcd: TestEtcd
  store: Store
  agents: AgentSet
  cluster: string
  servers: {name: string; port: number; token?: string}[]
  stop(): Promise<void>
}

export async function startApiCluster(opts: {cluster: string; servers: {token?: string}[]; nodes: number}): Promise<ApiCluster> {
  const etcd = await startTestEtcd()
  const store = Store.connect(etcd.endpoints, opts.cluster)
  const agents = new AgentSet()
  const servers: ApiCluster['servers'] = []
  const stop = async () => {
    await agents.cleanup()
    store.close()
    await etcd.stop()
  }
  try {
    for (const [i, s] of opts.servers.entries()) {
      const port = await freePort()
      const name = `server-${i + 1}`
      servers.push({name, port, token: s.token})
      agents.start('server', name, {cluster: opts.cluster, endpoints: etcd.endpoints, httpAddr: `127.0.0.1:${port}`, api: {host: '127.0.0.1', port, token: s.token, stateDir: agents.dir}})
    }
    for (let i = 1; i <= opts.nodes; i++) {
      agents.start('node', `node-${i}`, {
        cluster: opts.cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, 'nodes', `node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default',
        meta: {}, cpu: 4000, memory: 8192, address: `127.0.1.${i}`, ttlSeconds: 2,
      })
    }
    await waitFor(`${opts.nodes} ready nodes`, async () => (await readClusterState(store)).nodes.filter((n) => n.Status === 'ready').length === opts.nodes, 30_000)
    for (const s of servers) {
      await waitFor(`${s.name}'s API`, async () => (await fetch(`http://127.0.0.1:${s.port}/v1/status/leader`, {headers: s.token ? {'X-Nomad-Token': s.token} : {}})).ok, 30_000)
    }
    await waitFor('a leader', async () => (await readClusterState(store)).servers.length === servers.length && (await (await fetch(`http://127.0.0.1:${servers[0]!.port}/v1/status/leader`, {headers: servers[0]!.token ? {'X-Nomad-Token': servers[0]!.token} : {}})).json()) !== '', 30_000)
  } catch (err) {
    await stop()
    throw err
  }
  return {etcd, store, agents, cluster: opts.cluster, servers, stop}
}

export interface ApiResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
  text: string
}

/** One request to a server's API (JSON in, JSON or text out). */
export async function call<T = unknown>(port: number, p: string, opts: {method?: string; body?: unknown; token?: string; timeoutMs?: number} = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {}
  if (opts.token) headers['X-Nomad-Token'] = opts.token
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const r = await fetch(`http://127.0.0.1:${port}${p}`, {
    method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
  })
  const text = await r.text()
  let body: unknown = text
  if (r.headers.get('content-type')?.includes('json')) body = JSON.parse(text)
  return {status: r.status, headers: r.headers, body: body as T, text}
}
