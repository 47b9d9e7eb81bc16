import type {MatchRequest} from '../rules/ast.js'
import {canonizeHost, routingPath} from '../rules/request-view.js'
import type {Upstream} from './balancer.js'
import type {CompiledRoute, CompiledTable, EntryPoint} from './compile-table.js'
import {noHealthyMessage, noRouteMessage, type ProxyErrorKind} from './error-pages.js'
import type {ForwardContext} from './route-actions.js'

/** Where a request came in: the proxy, its entry point, and the websecure port redirects go to. */
export interface RequestEntry {
  proxyName: string
  entryPoint: EntryPoint
  websecurePort: number | undefined
}

export type RouteDecision =
  | {kind: 'forward'; route: CompiledRoute; upstream: Upstream; ctx: ForwardContext | undefined; target: string; host: string}
  | {kind: 'error'; status: number; error: ProxyErrorKind; message: string; router: string}
  | {kind: 'redirect'; status: number; location: string; router: string}

/**
 * Routing shared by every lane: match the request against the table (highest priority first), run
 * the router's middlewares, pick an upstream. `target` must be origin-form ("/path?query"); `authority`
 * is the host the request is for (absolute-form target's, else the Host header's).
 */
export function routeRequest(
  table: CompiledTable, entry: RequestEntry, method: string, target: string,
  authority: string, rawHeaders: readonly string[], clientIp: string,
): RouteDecision {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const host = canonizeHost(authority)
  const mreq: MatchRequest = {method, host, path: routingPath(path), rawQuery: q < 0 ? '' : target.slice(q + 1), rawHeaders, remoteAddress: clientIp}
  const routes = table[entry.entryPoint]
  const proxyName = entry.proxyName
  let route: CompiledRoute | undefined
  for (let i = 0; i < routes.length; i++) {
    if (routes[i].match(mreq)) {
      route = routes[i]
      break
    }
  }
  if (!route) return {kind: 'error', status: 404, error: 'no-route', message: noRouteMessage(proxyName, host, mreq.path, routes.length), router: '(no route)'}
  let ctx: ForwardContext | undefined
  let upstreamTarget = target
  if (route.steps.length > 0) {
    ctx = {method, host, path, search: q < 0 ? '' : target.slice(q), scheme: entry.entryPoint === 'websecure' ? 'https' : 'http', websecurePort: entry.websecurePort, requestHeaders: new Map(), responseHeaders: new Map()}
    for (const step of route.steps) {
      step(ctx)
      if (ctx.redirect) return {kind: 'redirect', status: ctx.redirect.status, location: ctx.redirect.location, router: route.name}
    }
    upstreamTarget = ctx.path + ctx.search
  }
  const upstream = route.service.balancer.pick()
  if (!upstream) {
    const message = noHealthyMessage(proxyName, route.name, route.service.name, route.service.registered)
    return {kind: 'error', status: 503, error: 'no-healthy-instance', message, router: route.name}
  }
  return {kind: 'forward', route, upstream, ctx, target: upstreamTarget, host}
}
