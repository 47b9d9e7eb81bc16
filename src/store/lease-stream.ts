import type http2 from 'node:http2'
import type {EtcdTransport} from './etcd-http.js'
import {decodeKeepAliveResponse, encodeKeepAliveRequest, frameMessage, MessageReader} from './grpc-frame.js'

interface Waiter {
  resolve: (ttl: number) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 30_000

/**
 * One long-lived gRPC LeaseKeepAlive stream per client, h2c to an etcd member's client port
 * (etcd serves gRPC and its JSON gateway on the same port). Through the gateway every renewal
 * is a fresh request for which etcd opens a gRPC stream to itself; here a renewal is one small
 * message on a stream that stays open. A renewal that fails or times out closes the stream (the
 * member may be dead or stopped) and rejects, so the caller falls back to the gateway; the
 * stream is opened again (on the leader, or another live member) after a pause that grows while
 * opening keeps failing.
 */
export class LeaseKeepAliveStream {
  private session: http2.ClientHttp2Session | null = null
  private req: http2.ClientHttp2Stream | null = null
  private opening: Promise<http2.ClientHttp2Stream> | null = null
  private readonly waiting = new Map<string, Waiter[]>()
  private retryAt = 0
  private retryMs = RETRY_FIRST_MS
  private reportFailed: (() => void) | null = null
  private offLeader: (() => boolean) | null = null
  private closed = false

  constructor(private readonly t: EtcdTransport) {}

  /** Renew once; the TTL etcd answered (0: it no longer has the lease). */
  async keepAlive(id: string, timeoutMs: number): Promise<number> {
    if (this.closed) throw new Error('the lease stream is closed')
    if (Date.now() < this.retryAt) throw new Error('the lease stream is backing off')
    // a follower forwards each renewal to the leader over the peer port: move once the leader is known
    if (this.req && this.waiting.size === 0 && this.offLeader?.()) this.drop(new Error('moving to the leader'), false)
    const req = this.req ?? (await (this.opening ??= this.open(timeoutMs).finally(() => (this.opening = null))))
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drop(new Error(`no keep-alive answer within ${timeoutMs} ms`), true)
      }, timeoutMs)
      timer.unref()
      const list = this.waiting.get(id) ?? []
      list.push({resolve, reject, timer})
      this.waiting.set(id, list)
      req.write(frameMessage(encodeKeepAliveRequest(id)))
    })
  }

  close(): void {
    this.closed = true
    this.drop(new Error('the lease stream is closed'), false)
  }

  private async open(timeoutMs: number): Promise<http2.ClientHttp2Stream> {
    try {
      // node:http2 is loaded with the first renewal (a third of a TTL after the grant), not on
      // every process's critical path to ready
      const [{connect}, target] = await Promise.all([import('node:http2'), this.t.streamTarget(timeoutMs)])
      if (this.closed) throw new Error('the lease stream is closed')
      return await new Promise<http2.ClientHttp2Stream>((resolve, reject) => {
        const session = connect(target.endpoint)
        session.unref()
        const fail = (err: Error) => {
          reject(err)
          if (this.session === session) this.drop(err, true)
          else session.destroy()
        }
        const timer = setTimeout(() => fail(new Error(`the lease stream to ${target.endpoint} did not open within ${timeoutMs} ms`)), timeoutMs)
        timer.unref()
        session.on('error', fail)
        session.on('close', () => fail(new Error(`the lease stream's connection to ${target.endpoint} closed`)))
        const req = session.request({
          ':method': 'POST',
          ':path': '/etcdserverpb.Lease/LeaseKeepAlive',
          'content-type': 'application/grpc',
          te: 'trailers',
          ...(target.token ? {token: target.token} : {}),
        })
        this.session = session
        this.req = req
        this.reportFailed = target.failed
        this.offLeader = target.offLeader
        const reader = new MessageReader()
        // grpc-go sends its headers with the first answer, so the stream is usable once the connection is
        session.once('connect', () => {
          clearTimeout(timer)
          resolve(req)
        })
        req.on('response', (headers) => {
          const status = headers['grpc-status']
          if (headers[':status'] !== 200 || (status !== undefined && status !== '0')) return fail(this.grpcError(headers, target.token))
          this.retryMs = RETRY_FIRST_MS
        })
        req.on('data', (chunk: Buffer) => {
          try {
            for (const m of reader.push(chunk)) this.answered(decodeKeepAliveResponse(m))
          } catch (err) {
            fail(err as Error)
          }
        })
        req.on('trailers', (headers) => fail(this.grpcError(headers, target.token)))
        req.on('error', fail)
        req.on('close', () => fail(new Error('etcd ended the lease stream')))
      })
    } catch (err) {
      this.retryAt = Date.now() + this.retryMs
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS)
      throw err
    }
  }

  private grpcError(headers: http2.IncomingHttpHeaders, token: string | null): Error {
    const status = Number(headers['grpc-status'] ?? -1)
    if (status === 16 && token) this.t.dropToken(token) // expired: the next open authenticates again
    const msg = headers['grpc-message']
    return new Error(`etcd ended the lease stream (gRPC status ${status}${msg ? `: ${decodeURIComponent(String(msg))}` : ''})`)
  }

  private answered(res: {id: string; ttl: number}): void {
    const list = this.waiting.get(res.id)
    const w = list?.shift()
    if (!w) return
    if (list!.length === 0) this.waiting.delete(res.id)
    clearTimeout(w.timer)
    w.resolve(res.ttl)
  }

  /** Close the stream and reject every renewal waiting on it; `memberAtFault` moves later calls off that member. */
  private drop(err: Error, memberAtFault: boolean): void {
    const session = this.session
    if (memberAtFault && session) this.reportFailed?.()
    this.session = null
    this.req = null
    this.reportFailed = null
    this.offLeader = null
    session?.destroy()
    for (const list of this.waiting.values())
      for (const w of list) {
        clearTimeout(w.timer)
        w.reject(err)
      }
    this.waiting.clear()
  }
}
