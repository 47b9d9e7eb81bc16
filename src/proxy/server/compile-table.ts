import type {Matcher, RuleNode} from '../rules/ast.js'
import type {CompiledRule} from '../rules/compile-rule.js'
import {positiveHosts} from '../rules/positive-hosts.js'
import {readsHeaders} from '../rules/reads-headers.js'
import {cachedRule} from '../rules/rule-cache.js'
import type {RouterEntry, RoutingTable, ServiceEntry} from '../config/routing-table.js'
import {Balancer, type Upstream} from './balancer.js'
import {compileSteps, type Step} from './route-actions.js'
import type {UpstreamPools} from './upstream-pools.js'

export interface CompiledService {
  name: string
  passHostHeader: boolean
  /** Healthy upstreams only. */
  balancer: Balancer
  registered: number
}

export interface CompiledRoute {
  name: string
  tree: RuleNode
  match: Matcher
  /** The rule looks at header lines: its answer is not the same for every request with the same method, host and target. */
  readsHeaders: boolean
  steps: Step[]
  service: CompiledService
}

export type EntryPoint = 'web' | 'websecure'

export interface CompiledTable {
  /** Routers on the plain entry point: not TLS, entryPoints absent or naming web. */
  web: CompiledRoute[]
  /** Routers on the TLS entry point: tls=true, entryPoints absent or naming websecure (Traefik's rule). */
  websecure: CompiledRoute[]
  /** Hosts the websecure routers name: the certificates worth issuing besides *.localhost names. */
  tlsHosts: ReadonlySet<string>
  source: RoutingTable
}

/**
 * Routing table → closures ready for the hot path. Disabled routers are left out. Upstream state
 * (down marks) carries over from the previous table for servers that are still there.
 */
export function compileTable(table: RoutingTable, pools: UpstreamPools, previous: CompiledTable | undefined, now: () => number): CompiledTable {
  const prior = new Map<string, Upstream>()
  for (const r of [...(previous?.web ?? []), ...(previous?.websecure ?? [])]) for (const u of r.service.balancer.upstreams) prior.set(`${r.service.name} ${u.server.url}`, u)
  const services = new Map<string, CompiledService>()
  const serviceOf = (entry: ServiceEntry): CompiledService => {
    let s = services.get(entry.name)
    if (!s) {
      const upstreams = entry.servers.filter((x) => x.healthy).map((server): Upstream => ({
        server,
        get pool() {
          return pools.get(server.url)
        },
        sockets: pools.sockets(server.url, server.address, server.port),
        downUntil: prior.get(`${entry.name} ${server.url}`)?.downUntil ?? 0,
      }))
      s = {name: entry.name, passHostHeader: entry.passHostHeader, balancer: new Balancer(upstreams, now), registered: entry.servers.length}
      services.set(entry.name, s)
    }
    return s
  }
  const web: CompiledRoute[] = []
  const websecure: CompiledRoute[] = []
  const tlsHosts = new Set<string>()
  for (const r of table.routers) {
    const compiled = compileRoute(r, table, serviceOf)
    if (!compiled) continue
    const on = (ep: EntryPoint) => r.entryPoints === undefined || r.entryPoints.includes(ep)
    if (r.tls && on('websecure')) {
      websecure.push(compiled)
      for (const h of positiveHosts(compiled.tree)) tlsHosts.add(h)
    } else if (!r.tls && on('web')) web.push(compiled)
  }
  return {web, websecure, tlsHosts, source: table}
}

function compileRoute(r: RouterEntry, table: RoutingTable, serviceOf: (e: ServiceEntry) => CompiledService): CompiledRoute | undefined {
  if (r.error) return undefined
  const entry = table.services[r.service]
  const mws = r.middlewares.map((m) => table.middlewares[m])
  if (!entry || mws.some((m) => m === undefined || m.type === 'invalid')) return undefined
  let rule: CompiledRule
  try {
    rule = cachedRule(r.rule, r.ruleSyntax ?? 'v3')
  } catch {
    return undefined // buildRoutingTable marks such routers disabled; a hand-made table may not
  }
  return {name: r.name, tree: rule.tree, match: rule.match, readsHeaders: readsHeaders(rule.tree), steps: compileSteps(mws), service: serviceOf(entry)}
}

/** Origins the table routes to, for pool clean-up. */
export function originsOf(table: RoutingTable): Set<string> {
  const out = new Set<string>()
  for (const s of Object.values(table.services)) for (const x of s.servers) if (x.healthy) out.add(x.url)
  return out
}
