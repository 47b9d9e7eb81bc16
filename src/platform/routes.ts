import type {ServiceRegistration} from '../model/index.js'
import {buildRoutingTable} from '../proxy/config/build-routing-table.js'
import {describeRoutes, type RouteDescription} from '../proxy/config/describe-routes.js'
import type {Store} from '../store/store.js'
import {withCluster} from './connect.js'
import type {Platform} from './types.js'

export interface RoutesReport extends RouteDescription {
  proxies: {name: string; listen: string}[]
  /** A URL per enabled Host rule and proxy: what answers now (or will, once instances are healthy). */
  urls: string[]
}

/** The routing table every proxy builds from the catalog, computed the same way here. */
export async function routesOf(store: Store, p: Platform): Promise<RoutesReport> {
  const catalog = (await store.list<ServiceRegistration>(store.keys.services)).items.map((e) => e.value)
  const d = describeRoutes(buildRoutingTable(catalog, {defaultRule: p.proxies.defaultRule, ruleSyntax: p.proxies.ruleSyntax}))
  const proxies = p.proxies.instances.map((x) => ({name: x.name, listen: `${x.host}:${x.port}`}))
  const hosts = [...new Set(d.routers.filter((r) => r.status === 'enabled').flatMap((r) => r.hosts))].sort()
  return {...d, proxies, urls: hosts.flatMap((h) => p.proxies.instances.map((x) => `http://${h}:${x.port}`))}
}

export async function readRoutes(file: string): Promise<RoutesReport> {
  return withCluster(file, (c) => routesOf(c.store, c.platform))
}
