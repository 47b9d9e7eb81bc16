import type {RuleSyntax} from '../rules/matcher-table.js'
import {parseRule} from '../rules/parse-rule.js'
import {positiveHosts} from '../rules/positive-hosts.js'
import type {RouterEntry, RoutingTable} from './routing-table.js'

export interface RouteDescription {
  routers: Array<{
    name: string
    rule: string
    priority: number
    service: string
    middlewares: string[]
    status: 'enabled' | 'disabled'
    /** The entrypoints tag as written; absent means every entry point of the router's kind. */
    entryPoints?: string[]
    tls: boolean
    /** Where the proxies serve it: web (plain HTTP) or, with tls, websecure; [] when its entrypoints name neither. */
    servedOn: Array<'web' | 'websecure'>
    error?: string
    /** Hosts named by positive Host matchers: what to open in a browser. */
    hosts: string[]
    healthyInstances: number
    totalInstances: number
  }>
  services: Array<{
    name: string
    healthy: Array<{id: string; url: string; allocId: string; nodeId: string; weight: number; canary: boolean}>
    unhealthy: Array<{id: string; url: string; allocId: string; nodeId: string}>
  }>
  disabled: Array<{name: string; rule: string; error: string}>
  warnings: string[]
}

/** The shape `zdev routes --json` prints. */
export function describeRoutes(table: RoutingTable): RouteDescription {
  const routers = table.routers.map((r) => {
    const servers = table.services[r.service]?.servers ?? []
    const base = {
      name: r.name, rule: r.rule, priority: r.priority, service: r.service, middlewares: r.middlewares,
      status: r.error ? ('disabled' as const) : ('enabled' as const),
      ...(r.entryPoints ? {entryPoints: r.entryPoints} : {}),
      tls: r.tls === true,
      servedOn: servedOn(r),
      hosts: r.error ? [] : hostsOf(r.rule, r.ruleSyntax ?? 'v3'),
      healthyInstances: servers.filter((s) => s.healthy).length,
      totalInstances: servers.length,
    }
    return r.error ? {...base, error: r.error} : base
  })
  const services = Object.values(table.services).map((s) => ({
    name: s.name,
    healthy: s.servers.filter((x) => x.healthy).map((x) => ({id: x.id, url: x.url, allocId: x.allocId, nodeId: x.nodeId, weight: x.weight, canary: x.canary})),
    unhealthy: s.servers.filter((x) => !x.healthy).map((x) => ({id: x.id, url: x.url, allocId: x.allocId, nodeId: x.nodeId})),
  }))
  const disabled = table.routers.filter((r) => r.error).map((r) => ({name: r.name, rule: r.rule, error: r.error!}))
  return {routers, services, disabled, warnings: table.warnings}
}

/** The proxy's entry-point choice (compileTable's): tls routers on websecure, others on web, if their entrypoints allow. */
export function servedOn(r: RouterEntry): Array<'web' | 'websecure'> {
  const ep: 'web' | 'websecure' = r.tls ? 'websecure' : 'web'
  return r.entryPoints === undefined || r.entryPoints.includes(ep) ? [ep] : []
}

function hostsOf(rule: string, syntax: RuleSyntax): string[] {
  try {
    return positiveHosts(parseRule(rule, syntax))
  } catch {
    return []
  }
}
