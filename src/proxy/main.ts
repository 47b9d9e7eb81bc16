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
 * A proxy process: read the first catalog state, then listen (a restarted proxy never answers
 * 404 for routes it simply has not read yet: until the first table, connections are refused),
 * then turn each further state into a routing table and swap it in. Identical tables are skipped,
 * so a catalog that repeats itself costs nothing. A catalog that ends before its first state
 * leaves the proxy listening with an empty table.
 */
export async function runProxyAgent(opts: ProxyAgentOptions): Promise<ProxyAgent> {
  const build = (instances: ServiceRegistration[]) => buildRoutingTable(instances, {defaultRule: opts.defaultRule, exposedByDefault: opts.exposedByDefault, ruleSyntax: opts.ruleSyntax})
  const states = opts.catalog[Symbol.asyncIterator]()
  const first = await states.next()
  const initial = first.done ? undefined : build(first.value)
  const proxy = await startProxy({host: opts.host, port: opts.port, name: opts.name, fastLane: opts.fastLane, websecure: opts.websecure, initialTable: initial})
  let stopped = false
  let last = initial ? JSON.stringify(initial) : ''
  if (initial) opts.onTable?.(initial)
  const done = (async () => {
    if (first.done) return
    for (;;) {
      const next = await states.next()
      if (next.done || stopped) break
      const table = build(next.value)
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
