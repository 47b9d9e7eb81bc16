import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Dispatcher} from 'undici'
import type {Upstream} from './balancer.js'
import type {CompiledRoute, CompiledTable} from './compile-table.js'
import {sendProxyError, upstreamFailedMessage} from './error-pages.js'
import type {StatsCounter} from './proxy-stats.js'
import type {ForwardContext} from './route-actions.js'
import {REASON} from './http-limits.js'
import {viewNodeRequest} from './node-request-view.js'
import {isConnectFailure, isUnanswered, retryVerdict} from './retry-policy.js'
import {routeRequest, type RequestEntry} from './route-request.js'
import {buildResponseHeaders, buildUpstreamHeaders, clientIpOf, type ForwardedInfo} from './upstream-headers.js'

export interface ProxyScope {
  name: string
  port: string
  entry: RequestEntry
  stats: StatsCounter
}

/** Route and forward; every outcome answers the client exactly once. */
export function handleRequest(table: CompiledTable, req: IncomingMessage, res: ServerResponse, scope: ProxyScope): void {
  const clientIp = clientIpOf(req)
  const view = viewNodeRequest(req)
  if ('status' in view) {
    refuseNodeRequest(res, view.status, `zdev proxy "${scope.name}": ${view.reason}`)
    scope.stats.count('(refused)', view.status)
    return
  }
  const d = routeRequest(table, scope.entry, view.method, view.target, view.authority, req.rawHeaders, clientIp)
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
  const info: ForwardedInfo = {clientIp, authority: view.authority, absoluteForm: view.absoluteForm, hopByHop: view.hopByHop, proto: scope.entry.entryPoint === 'websecure' ? 'https' : 'http', port: scope.port, proxyName: scope.name}
  new ForwardHandler(req, res, d.route, scope, d.ctx, d.target, hasBody, info).send(d.upstream)
}

/** A refused request: answered, and the connection closed after it. */
export function refuseNodeRequest(res: ServerResponse, status: number, reason: string): void {
  const body = `${reason}\n`
  res.shouldKeepAlive = false
  res.writeHead(status, REASON[status], {'content-type': 'text/plain; charset=utf-8', 'x-zdev-proxy-error': 'bad-request', 'content-length': Buffer.byteLength(body), connection: 'close'})
  res.end(body)
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

  private attempts = 0

  send(upstream: Upstream): void {
    this.attempts++
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
    if (this.res.destroyed && !this.started) {
      this.done = true
      return
    }
    if (!this.started) {
      const connectFailed = isConnectFailure(err)
      if (connectFailed) this.route.service.balancer.markDown(this.upstream)
      const verdict = retryVerdict(this.req.method ?? 'GET', this.hasBody, connectFailed ? 'connect-failed' : isUnanswered(err) ? 'unanswered' : 'partial-response', this.attempts)
      if (verdict !== 'give-up' && this.retry()) return
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
    const next = this.route.service.balancer.pick(this.tried)
    if (!next) return false
    this.scope.stats.retries++
    this.send(next)
    return true
  }
}
