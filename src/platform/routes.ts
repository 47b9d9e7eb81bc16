import type {ServiceRegistration} from '../model/index.js'
import {buildRoutingTable} from '../proxy/config/build-routing-table.js'
import {describeRoutes, type RouteDescription} from '../proxy/config/describe-routes.js'
import type {Store} from '../store/store.js'
import {withCluster} from './connect.js'
import type {Platform} from './types.js'

export interface RoutesReport extends RouteDescription {
  /** `websecure`: host:port of the TLS entry point, when the platform opens one. */
  proxies: {name: string; listen: string; websecure?: string}[]
  /** A URL per enabled Host rule and proxy: what answers now (or will, once instances are healthy). */
  urls: string[]
}

/** The routing table every proxy builds from the catalog, computed the same way here. */
export async function routesOf(store: Store, p: Platform): Promise<RoutesReport> {
  const catalog = (await store.list<ServiceRegistration>(store.keys.services)).items.map((e) => e.value)
  const d = describeRoutes(buildRoutingTable(catalog, {defaultRule: p.proxies.defaultRule, ruleSyntax: p.proxies.ruleSyntax}))
  const proxies = p.proxies.instances.map((x) => ({name: x.name, listen: `${x.host}:${x.port}`, ...(x.websecurePort === undefined ? {} : {websecure: `${x.host}:${x.websecurePort}`})}))
  return {...d, proxies, urls: routerUrls(d.routers, p.proxies.instances)}
}

/**
 * The URLs to open: for each enabled router's hosts on each proxy, http://host:port when it is
 * served on web, https://host:websecurePort when on websecure (tls) and the proxy opens that port.
 */
export function routerUrls(routers: RouteDescription['routers'], proxies: ReadonlyArray<{port: number; websecurePort?: number}>): string[] {
  const out = new Set<string>()
  for (const r of routers) {
    if (r.status !== 'enabled') continue
    for (const h of r.hosts) {
      if (h.includes('*')) continue // a Host wildcard is no address to open
      for (const x of proxies) {
        if (r.servedOn.includes('web')) out.add(`http://${h}:${x.port}`)
        if (r.servedOn.includes('websecure') && x.websecurePort !== undefined) out.add(`https://${h}:${x.websecurePort}`)
      }
    }
  }
  return [...out].sort()
}

export async function readRoutes(file: string): Promise<RoutesReport> {
  return withCluster(file, (c) => routesOf(c.store, c.platform))
}
