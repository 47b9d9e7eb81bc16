import {createLogger, type Logger} from '../lib/log.js'
import {watchCatalog} from '../store/catalog.js'
import type {ProxyRecord} from '../store/cluster-state.js'
import {LeasedKeys, RECORD_TTL_SECONDS} from '../store/registration.js'
import {Store} from '../store/store.js'
import type {KvAuth} from '../store/client.js'
import type {RoutingTable} from './config/routing-table.js'
import {runProxyAgent} from './main.js'
import type {RuleSyntax} from './rules/matcher-table.js'

export interface ProxyProcessOptions {
  name: string
  cluster: string
  endpoints: string[]
  host: string
  port: number
  defaultRule?: string
  auth?: KvAuth
  /** Rule syntax of routers without a ruleSyntax tag (proxies.rule_syntax). */
  ruleSyntax?: RuleSyntax
  /** The websecure (TLS) entry point's port; certificates from the cluster CA in `tlsDir`. */
  websecurePort?: number
  tlsDir?: string
  log?: Logger
}

function healthyByService(t: RoutingTable): Record<string, number> {
  const out: Record<string, number> = {}
  for (const s of Object.values(t.services)) out[s.name] = s.servers.filter((x) => x.healthy).length
  return out
}

/** How often a proxy's record is rewritten when only its request counters moved. */
const COUNTERS_EVERY_MS = 5000

/** A proxy agent wired to the KV: routes from the catalog, a lease-bound record with its stats. */
export async function startProxyProcess(opts: ProxyProcessOptions): Promise<{stop(): Promise<void>}> {
  const log = opts.log ?? createLogger(opts.name)
  const store = Store.connect(opts.endpoints, opts.cluster, 2000, opts.auth)
  const leased = new LeasedKeys(store, RECORD_TTL_SECONDS)
  const abort = new AbortController()
  let table: RoutingTable | null = null
  // The first table arrives before the agent listens (runProxyAgent waits for it); publish after.
  let listening = false
  const agent = await runProxyAgent({
    name: opts.name,
    host: opts.host,
    port: opts.port,
    catalog: watchCatalog(store, abort.signal),
    defaultRule: opts.defaultRule,
    ruleSyntax: opts.ruleSyntax,
    websecure: opts.websecurePort !== undefined && opts.tlsDir !== undefined ? {port: opts.websecurePort, tlsDir: opts.tlsDir, cluster: opts.cluster} : undefined,
    onTable: (t) => {
      table = t
      log(`routing table swapped`, {routers: t.routers.length, disabled: t.routers.filter((r) => r.error).length})
      if (listening) void publish()
    },
  })
  listening = true
  let lastPublished = ''
  let lastShape = ''
  let lastAt = 0
  const publish = async () => {
    const s = agent.proxy.stats()
    const rec: ProxyRecord = {
      Name: opts.name,
      Listen: `${opts.host}:${opts.port}`,
      Pid: process.pid,
      Routes: table?.routers.filter((r) => !r.error).length ?? 0,
      DisabledRoutes: table?.routers.filter((r) => r.error).length ?? 0,
      RequestsTotal: s.requestsTotal,
      RequestsPerSec: s.requestsPerSecond,
      HealthyByService: table ? healthyByService(table) : {},
      UpdatedAt: 0,
    }
    const sig = JSON.stringify(rec)
    if (sig === lastPublished) return
    // routes and health at once; a change of the request counters alone at most every 5 s
    const shape = JSON.stringify({...rec, RequestsTotal: 0, RequestsPerSec: 0})
    if (shape === lastShape && Date.now() - lastAt < COUNTERS_EVERY_MS) return
    lastPublished = sig
    lastShape = shape
    lastAt = Date.now()
    await leased.set(store.keys.proxy(opts.name), {...rec, UpdatedAt: Date.now()}).catch(() => undefined)
  }
  await publish()
  const timer = setInterval(() => void publish(), 1000)
  log(`proxy ${opts.name} listening on http://${opts.host}:${opts.port}${agent.proxy.websecurePort === undefined ? '' : ` and https://${opts.host}:${agent.proxy.websecurePort}`}`)
  return {
    async stop() {
      clearInterval(timer)
      abort.abort()
      await agent.close()
      await leased.close()
      store.close()
    },
  }
}
