import type {ServiceRegistration} from '../model/service.js'
import {buildRoutingTable} from './config/build-routing-table.js'
import type {RoutingTable} from './config/routing-table.js'
import type {RuleSyntax} from './rules/matcher-table.js'
import {startProxy, type ProxyHandle, type ProxyOptions} from './server/start-proxy.js'

export interface ProxyAgentOptions {
  name: string
  host: string
  port: number
  /** Whole catalog states (every instance of every service), newest last. */
  catalog: AsyncIterable<ServiceRegistration[]>
  /** Default-rule template, e.g. "Host(`{{ normalize .Name }}.localhost`)". */
  defaultRule?: string
  exposedByDefault?: boolean
  /** Rule syntax of routers without a ruleSyntax tag; default v3. */
  ruleSyntax?: RuleSyntax
  /** See ProxyOptions.fastLane (default true). */
  fastLane?: boolean
  /** See ProxyOptions.websecure. */
  websecure?: ProxyOptions['websecure']
  /** Called after each table swap (logging, `zdev routes`). */
  onTable?: (table: RoutingTable) => void
}

export interface ProxyAgent {
  proxy: ProxyHandle
  /** Settles when the catalog ends (resolves) or fails (rejects); the proxy keeps serving either way. */
  done: Promise<void>
  close(): Promise<void>
}

/**
 * A proxy process: listen once, then turn each catalog state into a routing table and swap it in.
 * Identical tables are skipped, so a catalog that repeats itself costs nothing.
 */
export async function runProxyAgent(opts: ProxyAgentOptions): Promise<ProxyAgent> {
  const proxy = await startProxy({host: opts.host, port: opts.port, name: opts.name, fastLane: opts.fastLane, websecure: opts.websecure})
  let stopped = false
  let last = ''
  const done = (async () => {
    for await (const instances of opts.catalog) {
      if (stopped) break
      const table = buildRoutingTable(instances, {defaultRule: opts.defaultRule, exposedByDefault: opts.exposedByDefault, ruleSyntax: opts.ruleSyntax})
      const key = JSON.stringify(table)
      if (key === last) continue
      last = key
      proxy.setRoutingTable(table)
      opts.onTable?.(table)
    }
  })()
  done.catch(() => undefined) // the caller observes `done`; an unobserved rejection must not kill the proxy
  return {
    proxy,
    done,
    async close() {
      stopped = true
      await proxy.close()
    },
  }
}
