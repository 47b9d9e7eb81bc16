import {performance} from 'node:perf_hooks'
import {emptyRoutingTable, type RoutingTable} from '../config/routing-table.js'
import {compileTable, originsOf, type CompiledTable} from './compile-table.js'
import {openEntryPoint, type EntryPointHandle} from './entry-point.js'
import {StatsCounter, type ProxyStats} from './proxy-stats.js'
import {UpstreamPools} from './upstream-pools.js'

export interface ProxyHandle {
  /** Swap the routing table atomically; the listeners and client connections stay. */
  setRoutingTable(table: RoutingTable): void
  routingTable(): RoutingTable
  stats(): ProxyStats
  /** The bound port of the web entry point (useful with port 0). */
  readonly port: number
  /** The bound port of the websecure entry point, when it is open. */
  readonly websecurePort: number | undefined
  close(): Promise<void>
}

export interface ProxyOptions {
  host: string
  port: number
  name: string
  /** Idle client keep-alive in ms (default 60 s). */
  keepAliveTimeout?: number
  /**
   * Serve plain HTTP/1.1 requests on the raw-socket fast lane (default true). Off: every request
   * goes through node:http + undici, which the fast lane also hands unusual requests to.
   */
  fastLane?: boolean
  /** Open the websecure (TLS) entry point too, with certificates from the CA kept in `tlsDir`. */
  websecure?: {port: number; tlsDir: string; cluster: string}
  /** The table served from the first connection on (default: empty). */
  initialTable?: RoutingTable
}

/** Start the forwarding server. Every request reads the one current compiled table. */
export async function startProxy(opts: ProxyOptions): Promise<ProxyHandle> {
  const now = () => performance.now()
  const pools = new UpstreamPools(now)
  const stats = new StatsCounter()
  let current: CompiledTable = compileTable(opts.initialTable ?? emptyRoutingTable(), pools, undefined, now)
  if (opts.initialTable) stats.tableSwaps++ // counts the tables loaded, the first one included
  const table = () => current
  const common = {host: opts.host, name: opts.name, keepAliveTimeout: opts.keepAliveTimeout ?? 60_000, fastLane: opts.fastLane !== false}
  const opened: EntryPointHandle[] = []
  try {
    const web = await openEntryPoint({...common, port: opts.port, entryPoint: 'web', websecurePort: opts.websecure?.port}, stats, table)
    opened.push(web)
    if (opts.websecure) {
      const ws = opts.websecure
      // loaded only for a websecure entry point: the local CA's code (node-forge) is ~5 MiB of an idle proxy's PSS
      const {websecureTlsOptions} = await import('./tls-options.js')
      const secure = await openEntryPoint({...common, port: ws.port, entryPoint: 'websecure', websecurePort: ws.port, tls: websecureTlsOptions(ws.tlsDir, ws.cluster, () => current.tlsHosts)}, stats, table)
      opened.push(secure)
      web.setWebsecurePort(secure.port)
      secure.setWebsecurePort(secure.port)
    }
  } catch (err) {
    await Promise.all(opened.map((e) => e.close()))
    stats.stop()
    await pools.closeAll()
    throw err
  }
  return {
    port: opened[0].port,
    websecurePort: opened[1]?.port,
    setRoutingTable(t) {
      current = compileTable(t, pools, current, now)
      stats.tableSwaps++
      pools.retain(originsOf(t))
    },
    routingTable: () => current.source,
    stats: () => stats.snapshot(),
    async close() {
      stats.stop()
      await Promise.all(opened.map((e) => e.close()))
      await pools.closeAll()
    },
  }
}
