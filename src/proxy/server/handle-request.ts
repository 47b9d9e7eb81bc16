import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Dispatcher} from 'undici'
import {splitTarget} from '../rules/request-view.js'
import type {Upstream} from './balancer.js'
import type {CompiledRoute, CompiledTable} from './compile-table.js'
import {sendProxyError, upstreamFailedMessage} from './error-pages.js'
import type {StatsCounter} from './proxy-stats.js'
import type {ForwardContext} from './route-actions.js'
import {routeRequest} from './route-request.js'
import {buildResponseHeaders, buildUpstreamHeaders, clientIpOf, type ForwardedInfo} from './upstream-headers.js'

export interface ProxyScope {
  name: string
  port: string
  stats: StatsCounter
}

const MAX_RETRIES = 2
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/** Route and forward; every outcome answers the client exactly once. */
export function handleRequest(table: CompiledTable, req: IncomingMessage, res: ServerResponse, scope: ProxyScope): void {
  const clientIp = clientIpOf(req)
  const d = routeRequest(table, scope.name, req.method ?? 'GET', originForm(req.url ?? '/'), req.headers, clientIp)
  if (d.kind === 'error') {
    scope.stats.count(d.router, sendProxyError(res, d.error, d.message))
    return
  }
  if (d.kind === 'redirect') {
    res.writeHead(d.status, {location: d.location, 'content-length': 0})
    res.end()
    scope.stats.count(d.router, d.status)
    return
  }
  const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined
  const info: ForwardedInfo = {clientIp, proto: 'http', port: scope.port, proxyName: scope.name}
  new ForwardHandler(req, res, d.route, scope, d.ctx, d.target, hasBody, info).send(d.upstream)
}

/** Upstreams get origin-form targets ("/path?query") even when the client sent absolute-form. */
export function originForm(url: string): string {
  if (url.startsWith('/')) return url
  const {path, rawQuery} = splitTarget(url)
  return rawQuery ? `${path}?${rawQuery}` : path
}

/** undici's raw dispatch handler: the least copying path from upstream socket to client socket. */
class ForwardHandler implements Dispatcher.DispatchHandler {
  private upstream!: Upstream
  private abort: ((err?: Error) => void) | undefined
  private started = false
  private done = false
  private tried: Set<Upstream> | undefined

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly route: CompiledRoute,
    private readonly scope: ProxyScope,
    private readonly ctx: ForwardContext | undefined,
    private readonly target: string,
    private readonly hasBody: boolean,
    private readonly info: ForwardedInfo,
  ) {
    res.once('close', () => {
      if (!this.done) this.abort?.(new Error('client closed the connection'))
    })
  }

  send(upstream: Upstream): void {
    this.upstream = upstream
    this.abort = undefined
    const service = this.route.service
    const info = service.passHostHeader ? this.info : {...this.info, hostOverride: `${upstream.server.address}:${upstream.server.port}`}
    upstream.pool.dispatch({
      path: this.target,
      method: (this.req.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: buildUpstreamHeaders(this.req, info, this.ctx),
      body: this.hasBody ? this.req : null,
    }, this)
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.done) abort(new Error('client closed the connection'))
    else this.abort = abort
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true
    this.started = true
    this.res.writeHead(statusCode, statusText, buildResponseHeaders(rawHeaders, this.ctx))
    this.scope.stats.count(this.route.name, statusCode)
    this.resume = resume
    return true
  }

  private resume: () => void = () => undefined
  private readonly onDrain = (): void => this.resume()

  onData(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true
    this.res.once('drain', this.onDrain)
    return false
  }

  onComplete(): void {
    this.done = true
    this.res.end()
  }

  onError(err: Error): void {
    if (this.done) return
    const code = (err as {code?: string}).code ?? ''
    if (this.res.destroyed && !this.started) {
      this.done = true
      return
    }
    if (!this.started && CONNECT_FAILURES.has(code)) {
      if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET' && code !== 'EPIPE') this.route.service.balancer.markDown(this.upstream)
      if (!this.hasBody && IDEMPOTENT.has(this.req.method ?? 'GET') && this.retry()) return
    }
    this.done = true
    if (this.started) {
      this.res.destroy(err)
      return
    }
    const s = this.upstream.server
    this.scope.stats.count(this.route.name, sendProxyError(this.res, 'upstream-failed', upstreamFailedMessage(this.scope.name, this.route.name, this.route.service.name, s, err)))
  }

  private retry(): boolean {
    this.tried ??= new Set()
    this.tried.add(this.upstream)
    if (this.tried.size > MAX_RETRIES) return false
    const next = this.route.service.balancer.pick(this.tried)
    if (!next) return false
    this.scope.stats.retries++
    this.send(next)
    return true
  }
}
