import type net from 'node:net'
import type {Upstream} from '../balancer.js'
import type {CompiledRoute, CompiledTable} from '../compile-table.js'
import {upstreamFailedMessage, type ProxyErrorKind} from '../error-pages.js'
import type {StatsCounter} from '../proxy-stats.js'
import type {ForwardContext} from '../route-actions.js'
import {routeRequest, type RequestEntry} from '../route-request.js'
import {BodyFraming} from './body-framing.js'
import {REASON, rejectionBytes} from '../http-limits.js'
import {retryVerdict, type AttemptFailure} from '../retry-policy.js'
import {ClientReader, keep} from './direct-read.js'
import {copyRange, outBuffer, writeOut} from './out-buffer.js'
import {CLOSE_LINE_LENGTH, parseResponseHead, writeResponseHead, type ResponseHead} from './parse-head.js'
import {scanRequestHead, type HeadArrays, type RequestHead} from './scan-request-head.js'
import type {UpstreamOwner, UpstreamSocket} from './socket-pool.js'
import {extraResponseLines, forwardedLines, upstreamHeadBound, writeUpstreamHead, type ForwardedLines} from './upstream-head.js'

export interface FastScope {
  name: string
  port: string
  entry: RequestEntry
  stats: StatsCounter
  table(): CompiledTable
  /** Give the socket (with unread bytes pushed back) to node:http. */
  handOver(socket: net.Socket): void
  /** Idle connections are closed by `sweepIdle`, called periodically (no timer per socket). */
  connections: Set<ClientConnection>
}

const CRLFCRLF = Buffer.from('\r\n\r\n')
const MAX_HEAD = 64 * 1024

/**
 * The fast lane: one client connection, HTTP/1.1 requests forwarded over raw keep-alive upstream
 * sockets, bytes passed through with only the heads rewritten. One exchange at a time; pipelined
 * requests wait in `pending`. Every head passes `scanRequestHead` first: malformed ones are refused
 * here (never forwarded), valid but unusual ones (HTTP/1.0, chunked uploads, Upgrade, Expect) go to node:http.
 */
export class ClientConnection implements UpstreamOwner {
  private pending: Buffer | undefined
  /** `pending` lies in the shared read buffer. */
  private pendingShared = false
  private busy = false
  private looping = false
  private closeAfter = false
  /** The last response said "close": ignore anything else the client sends. */
  private closing = false
  // current exchange
  private head!: RequestHead
  private route!: CompiledRoute
  private ctx: ForwardContext | undefined
  private upstream!: Upstream
  private usock: UpstreamSocket | undefined
  private target = ''
  private hostOverride: string | undefined
  private body: Buffer | undefined
  private bodyLeft = 0
  private attempts = 0
  private tried: Set<Upstream> | undefined
  private rbuf: Buffer | undefined
  private resp: ResponseHead | undefined
  private framing: BodyFraming | undefined
  private readonly clientIp: string
  private fwd: ForwardedLines | undefined
  private readonly reader: ClientReader
  // Reused by every exchange on this connection (one at a time): no arrays or head copy allocated per request.
  private readonly arrays: HeadArrays = {raw: [], lower: [], spans: []}
  private readonly parts: number[] = []
  private headCopy: Buffer | undefined
  // The route of an earlier request on this connection (see `remember`).
  private cachedRoute: CompiledRoute | undefined
  private cachedTable: CompiledTable | undefined
  private cachedMethod = ''
  private cachedAuthority = ''
  private cachedTarget = ''
  // Reused for every response on this connection; `resp`/`framing` are set while one is forwarded.
  private readonly respSlot: ResponseHead = {status: 0, parts: [], extra: '', length: 0, contentLength: -1, chunked: false, keepAlive: false, keepAliveMs: 0}
  private framingSlot: BodyFraming | undefined

  constructor(private readonly socket: net.Socket, private readonly scope: FastScope) {
    const a = socket.remoteAddress ?? ''
    this.clientIp = a.startsWith('::ffff:') ? a.slice(7) : a
    this.reader = new ClientReader(socket, this.onClientData)
    socket.on('error', this.onClientGone)
    socket.on('close', this.onClientGone)
    scope.connections.add(this)
  }

  private requests = 0
  private requestsAtLastSweep = 0
  private idleSweeps = 0

  /** Close the connection after `maxIdleSweeps` sweeps without a request. */
  sweepIdle(maxIdleSweeps: number): void {
    if (this.busy || this.requests !== this.requestsAtLastSweep) {
      this.requestsAtLastSweep = this.requests
      this.idleSweeps = 0
    } else if (++this.idleSweeps >= maxIdleSweeps) this.socket.destroy()
  }

  private readonly onClientGone = (): void => {
    this.scope.connections.delete(this)
    const s = this.usock
    this.usock = undefined
    if (s) {
      s.owner = undefined
      s.destroy()
    }
    this.socket.destroy()
  }

  private readonly onClientData = (chunk: Buffer): void => {
    if (this.closing) return
    if (this.busy) {
      if (this.bodyLeft > 0 && this.usock) {
        const n = Math.min(this.bodyLeft, chunk.length)
        this.bodyLeft -= n
        if (!this.usock.write(keep(n === chunk.length ? chunk : chunk.subarray(0, n)))) this.pauseClientUntilDrain(this.usock)
        if (n === chunk.length) return
        chunk = chunk.subarray(n)
      }
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : keep(chunk)
      this.pendingShared = false
      if (this.pending.length > MAX_HEAD) this.reader.pause() // pipelined requests wait for this exchange
      return
    }
    if (this.pending) {
      this.pending = Buffer.concat([this.pending, chunk])
      this.pendingShared = false
    } else {
      this.pending = chunk
      this.pendingShared = this.reader.direct
    }
    this.next()
    if (this.pending && this.pendingShared) {
      this.pending = Buffer.from(this.pending) // a partial head, or requests pipelined behind this one
      this.pendingShared = false
    }
  }

  private pauseClientUntilDrain(s: UpstreamSocket): void {
    this.reader.pause()
    s.once('drain', () => this.reader.resume())
  }

  private next(): void {
    this.looping = true
    while (!this.busy && this.pending && !this.socket.destroyed) {
      const buf = this.pending
      const scan = scanRequestHead(buf, this.arrays)
      if (scan.kind === 'partial') break
      if (scan.kind === 'reject') {
        this.refuse(scan.status, scan.reason)
        break
      }
      if (scan.lane === 'node') {
        this.handOver()
        break
      }
      const head = scan.head
      const end = scan.end
      const inBuf = Math.min(head.contentLength, buf.length - end)
      // The head's bytes (and the body's start) outlive this read: a retry rebuilds the upstream head from them.
      const own = this.pendingShared ? this.copyHead(buf, end + inBuf) : buf
      head.bytes = own
      this.body = inBuf > 0 ? own.subarray(end, end + inBuf) : undefined
      this.bodyLeft = head.contentLength - inBuf
      this.pending = buf.length > end + inBuf ? buf.subarray(end + inBuf) : undefined
      this.reader.resume()
      this.start(head)
    }
    this.looping = false
  }

  /** `buf[0, size)` copied into this connection's own buffer (grown as needed; large heads get a buffer of their own). */
  private copyHead(buf: Buffer, size: number): Buffer {
    if (size > 4096) return Buffer.from(buf.subarray(0, size))
    let c = this.headCopy
    if (c === undefined || c.length < size) c = this.headCopy = Buffer.allocUnsafe(size <= 256 ? 256 : size <= 1024 ? 1024 : 4096)
    buf.copy(c, 0, 0, size)
    return c
  }

  /** Answer a request the gate refused and close: what follows it on the connection cannot be framed. */
  private refuse(status: number, reason: string): void {
    this.closing = true
    this.pending = undefined
    this.scope.stats.count('(refused)', status)
    this.socket.end(rejectionBytes(status, `zdev proxy "${this.scope.name}": ${reason}`))
  }

  private handOver(): void {
    const s = this.socket
    this.reader.release()
    s.removeListener('error', this.onClientGone)
    s.removeListener('close', this.onClientGone)
    this.scope.connections.delete(this)
    const p = this.pending
    this.pending = undefined
    if (p) s.unshift(this.pendingShared ? Buffer.from(p) : p)
    this.scope.handOver(s)
  }

  private start(head: RequestHead): void {
    this.busy = true
    this.requests++
    this.head = head
    this.closeAfter = head.close
    this.ctx = undefined
    const table = this.scope.table()
    const cached = this.cachedRoute
    let route: CompiledRoute
    let upstream: Upstream | undefined
    if (cached !== undefined && table === this.cachedTable && head.target === this.cachedTarget && head.host === this.cachedAuthority && head.method === this.cachedMethod) {
      route = cached
      upstream = cached.service.balancer.pick()
    }
    if (upstream === undefined) {
      const d = routeRequest(table, this.scope.entry, head.method, head.target, head.host, head.raw, this.clientIp)
      if (d.kind === 'error') return this.respondLocal(d.status, d.error, d.message, d.router)
      if (d.kind === 'redirect') return this.respondLocal(d.status, undefined, '', d.router, `location: ${d.location}\r\n`)
      route = d.route
      upstream = d.upstream
      this.ctx = d.ctx
      this.target = d.target
      this.remember(table, head, d.ctx === undefined ? route : undefined)
    } else this.target = head.target
    this.route = route!
    this.attempts = 0
    this.tried = undefined
    this.hostOverride = route!.service.passHostHeader ? undefined : `${upstream.server.address}:${upstream.server.port}`
    this.fwd ??= forwardedLines(this.clientIp, this.scope.port, this.scope.name, this.scope.entry.entryPoint === 'websecure' ? 'https' : 'http')
    this.send(upstream)
  }

  /**
   * Keep `route` for the next requests with this head's method, authority and target under this
   * table, when no router up to it reads headers and it has no middlewares: its answer (all but the
   * balancer's pick) is then theirs too. Clients mostly repeat a request, so most skip the matching.
   */
  private remember(table: CompiledTable, head: RequestHead, route: CompiledRoute | undefined): void {
    this.cachedRoute = undefined
    if (route === undefined || route.steps.length > 0) return
    for (const r of table[this.scope.entry.entryPoint]) {
      if (r.readsHeaders) return
      if (r === route) break
    }
    this.cachedRoute = route
    this.cachedTable = table
    this.cachedMethod = head.method
    this.cachedAuthority = head.host
    this.cachedTarget = head.target
  }

  private send(upstream: Upstream): void {
    this.upstream = upstream
    this.attempts++
    const s = upstream.sockets.acquire()
    s.owner = this
    this.usock = s
    // Head and the body bytes already received, in one write; the head is rebuilt from the
    // client's bytes on a retry (they outlive the exchange, the out buffer does not).
    const body = this.body
    const bound = upstreamHeadBound(this.head, this.target, this.fwd!, this.ctx, this.hostOverride)
    const out = outBuffer(bound + (body ? body.length : 0))
    let n = writeUpstreamHead(out, this.head, this.target, this.fwd!, this.ctx, this.hostOverride)
    if (body) n += body.copy(out, n)
    writeOut(s, out, n)
  }

  onUpstreamData(chunk: Buffer): void {
    if (this.resp) return this.forwardBody(chunk)
    const buf = this.rbuf ? Buffer.concat([this.rbuf, chunk]) : chunk
    const end = buf.indexOf(CRLFCRLF)
    if (end < 0) {
      if (buf.length > MAX_HEAD) return this.upstreamFailed(new Error('response head larger than 64 KiB'))
      this.rbuf = buf === chunk ? Buffer.from(chunk) : buf
      return
    }
    this.rbuf = undefined
    const resp = parseResponseHead(buf, end, this.ctx?.responseHeaders, extraResponseLines(this.ctx), this.parts, this.respSlot)
    if (!resp) return this.upstreamFailed(new Error('malformed response head'))
    const bodyAt = end + 4
    const restLength = buf.length - bodyAt
    if (resp.status < 200) {
      // informational: forward and keep reading
      const out = outBuffer(resp.length)
      writeOut(this.socket, out, writeResponseHead(resp, buf, out, 0, false))
      if (restLength) this.onUpstreamData(buf.subarray(bodyAt))
      return
    }
    this.resp = resp
    this.scope.stats.count(this.route.name, resp.status)
    const framing = this.framingSlot?.reset(this.head.method, resp) ?? (this.framingSlot = new BodyFraming(this.head.method, resp))
    this.framing = framing
    if (framing.closeDelimited) this.closeAfter = true
    const close = this.closeAfter
    const headLen = resp.length + (close ? CLOSE_LINE_LENGTH : 0)
    const n = framing.fixedRemaining
    if (n >= 0 && n <= 65_536 && restLength >= n) {
      // The common case: the whole small response arrived at once. One buffer, one write, one syscall.
      const out = outBuffer(headLen + n)
      let len = writeResponseHead(resp, buf, out, 0, close)
      len = copyRange(buf, bodyAt, bodyAt + n, out, len)
      framing.takeFixed(n)
      writeOut(this.socket, out, len)
      return this.finish(restLength === n)
    }
    const rest = buf.subarray(bodyAt)
    const out = outBuffer(headLen)
    this.socket.cork()
    writeOut(this.socket, out, writeResponseHead(resp, buf, out, 0, close))
    if (framing.complete) this.finish(rest.length === 0)
    else if (rest.length) this.forwardBody(rest)
    this.socket.uncork()
  }

  private forwardBody(chunk: Buffer): void {
    const framing = this.framing!
    let end: number
    try {
      end = framing.take(chunk)
    } catch {
      this.socket.destroy()
      return this.onClientGone()
    }
    // A copy: the chunk lives in the upstream's shared read buffer, and a write may complete later.
    const ok = this.socket.write(Buffer.from(end === chunk.length ? chunk : chunk.subarray(0, end)))
    if (framing.complete) this.finish(end === chunk.length)
    else if (!ok && this.usock) {
      const s = this.usock
      s.pause()
      this.socket.once('drain', () => s.resume())
    }
  }

  private finish(reusable: boolean): void {
    const s = this.usock
    this.usock = undefined
    if (this.bodyLeft > 0) this.closeAfter = true // the upstream answered before the upload ended
    if (s) {
      if (reusable && this.resp?.keepAlive && this.bodyLeft === 0 && s.pool) s.pool.release(s, this.resp.keepAliveMs)
      else {
        s.owner = undefined
        s.destroy()
      }
    }
    this.done()
  }

  private done(): void {
    this.resp = undefined
    this.framing = undefined
    this.rbuf = undefined
    this.body = undefined
    this.ctx = undefined
    this.busy = false
    if (this.closeAfter) {
      this.closing = true
      this.pending = undefined
      this.socket.end()
      return
    }
    if (!this.looping && this.pending) this.next()
  }

  onUpstreamEnd(err: Error | undefined): void {
    const s = this.usock
    this.usock = undefined
    if (this.resp) {
      if (this.framing?.closeDelimited && !err) return this.finish(false)
      this.socket.destroy() // cut mid-body: the client must see a broken response, not a short one
      return this.onClientGone()
    }
    const failure: AttemptFailure = !s?.connected ? 'connect-failed' : this.rbuf !== undefined ? 'partial-response' : s.used ? 'stale-socket' : 'unanswered'
    if (failure === 'connect-failed') this.route.service.balancer.markDown(this.upstream)
    const hasBody = this.head.contentLength > 0
    const verdict = retryVerdict(this.head.method, hasBody, failure, this.attempts)
    if (verdict === 'same-upstream') return this.send(this.upstream)
    if (verdict === 'next-upstream') {
      this.tried ??= new Set()
      this.tried.add(this.upstream)
      const next = this.route.service.balancer.pick(this.tried)
      if (next) {
        this.scope.stats.retries++
        return this.send(next)
      }
    }
    this.upstreamFailed(err ?? new Error('upstream closed the connection before responding'))
  }

  private upstreamFailed(err: Error): void {
    const s = this.usock
    this.usock = undefined
    if (s) {
      s.owner = undefined
      s.destroy()
    }
    if (this.resp) {
      this.socket.destroy()
      return
    }
    if (this.bodyLeft > 0) this.closeAfter = true
    this.respondLocal(502, 'upstream-failed', upstreamFailedMessage(this.scope.name, this.route.name, this.route.service.name, this.upstream.server, err), this.route.name)
  }

  private respondLocal(status: number, kind: ProxyErrorKind | undefined, message: string, router: string, extra = ''): void {
    if (this.bodyLeft > 0) this.closeAfter = true
    const body = message ? `${message}\n` : ''
    const type = kind ? `content-type: text/plain; charset=utf-8\r\nx-zdev-proxy-error: ${kind}\r\n` : ''
    const close = this.closeAfter ? 'connection: close\r\n' : ''
    this.socket.write(`HTTP/1.1 ${status} ${REASON[status] ?? ''}\r\n${type}${extra}content-length: ${Buffer.byteLength(body)}\r\n${close}\r\n${body}`)
    this.scope.stats.count(router, status)
    this.done()
  }
}
