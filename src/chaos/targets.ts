import {UserError} from '../lib/errors.js'
import type {RoutesReport} from '../platform/routes.js'

// Where the load goes: every routed host through every proxy, as `zdev routes` lists them.
// Loopback only: a proxy listening anywhere else is refused before a request is sent. Pure.

export interface LoadTarget {
  /** Host header: the router's host. */
  host: string
  proxy: string
  address: string
  port: number
}

export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === 'localhost' || address === '::1'
}

export function loadTargets(routes: RoutesReport): LoadTarget[] {
  const hosts = [...new Set(routes.routers.filter((r) => r.status === 'enabled' && r.healthyInstances > 0).flatMap((r) => r.hosts))].sort()
  const out: LoadTarget[] = []
  for (const p of routes.proxies) {
    const i = p.listen.lastIndexOf(':')
    const address = p.listen.slice(0, i)
    const port = Number(p.listen.slice(i + 1))
    if (!isLoopback(address)) throw new UserError(`proxy ${p.name} listens on ${p.listen}, not on loopback; zdev chaos sends load to 127.0.0.0/8 only`, {code: 'not_loopback', field: 'proxies.host'})
    for (const host of hosts) out.push({host, proxy: p.name, address, port})
  }
  return out
}
