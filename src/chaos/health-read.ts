import http from 'node:http'
import {readQuorumStatus} from '../kv/quorum-status.js'
import {routesOf} from '../platform/routes.js'
import type {ComponentState} from '../platform/state.js'
import type {Platform} from '../platform/types.js'
import {readClusterState} from '../store/cluster-state.js'
import {currentLeader} from '../store/leader-election.js'
import type {Store} from '../store/store.js'
import type {HealthView} from './health.js'
import type {LoadTarget} from './targets.js'

export interface HealthSource {
  platform: Platform
  store: Store
  etcd: ComponentState[]
}

const bounded = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  Promise.race([p.catch(() => fallback), new Promise<T>((r) => setTimeout(() => r(fallback), ms).unref())])

/** The platform's view now: quorum, leaders, registrations, routers, and one probe request per proxy. */
export async function readHealth(src: HealthSource, probeTargets: LoadTarget[]): Promise<HealthView> {
  const empty: HealthView = {kvReadable: false, etcdHealthy: [], etcdLeader: null, serverLeader: null, servers: [], nodesReady: [], proxiesRegistered: [], routed: {}, proxyAnswers: {}}
  const [q, probes] = await Promise.all([
    readQuorumStatus(src.etcd.map((c) => ({name: c.name, endpoint: c.endpoints[0]!})), 800),
    probeProxies(probeTargets),
  ])
  const view: HealthView = {...empty, etcdHealthy: q.members.filter((m) => m.healthy).map((m) => m.name), etcdLeader: q.leader, proxyAnswers: probes}
  try {
    const [st, leader, routes] = await Promise.all([readClusterState(src.store), bounded(currentLeader(src.store), 1500, undefined), routesOf(src.store, src.platform)])
    view.kvReadable = true
    view.serverLeader = leader ?? null
    view.servers = st.servers.map((s) => s.Name).sort()
    view.nodesReady = st.nodes.filter((n) => n.Status === 'ready').map((n) => n.Name).sort()
    view.proxiesRegistered = st.proxies.map((p) => p.Name).sort()
    for (const r of routes.routers) if (r.status === 'enabled') view.routed[r.name] = r.healthyInstances
  } catch (err) {
    view.kvError = (err as Error).message.split('\n')[0]
  }
  return view
}

/** One request per proxy to its first routed host: does the proxy answer 2xx/3xx? */
export async function probeProxies(targets: LoadTarget[]): Promise<Record<string, boolean>> {
  const first = new Map<string, LoadTarget>()
  for (const t of targets) if (!first.has(t.proxy)) first.set(t.proxy, t)
  const out: Record<string, boolean> = {}
  await Promise.all([...first.values()].map(async (t) => (out[t.proxy] = await probe(t))))
  return out
}

function probe(t: LoadTarget): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({host: t.address, port: t.port, path: '/', headers: {host: t.host, 'user-agent': 'zdev-chaos-probe'}, timeout: 800, agent: false}, (res) => {
      res.resume()
      resolve(res.statusCode! >= 200 && res.statusCode! < 400)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

