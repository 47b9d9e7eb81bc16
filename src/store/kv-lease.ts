import {int64} from './etcd-json.js'
import type {EtcdTransport} from './etcd-http.js'
import type {LeaseKeepAliveStream} from './lease-stream.js'

/** The lease etcd no longer has (expired, revoked) or could not be renewed within twice its TTL. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LeaseLostError'
  }
}

/**
 * A granted lease renewed at a third of its TTL (one message on the client's keep-alive stream,
 * or one small POST to the gateway when the stream fails; never more than one in flight). `onLost` is called once: etcd answered that the lease is gone, or no renewal
 * succeeded for twice the TTL (the same rule as the etcd3 client: after quorum loss the keys
 * may still be on the server, so callers grant anew and put their keys again).
 */
export class Lease {
  private timer: NodeJS.Timeout | null = null
  private lastRenewed = Date.now()
  private done = false

  constructor(
    private readonly t: EtcdTransport,
    readonly id: string,
    readonly ttlSeconds: number,
    private readonly onLost: (err: LeaseLostError) => void,
    private readonly stream?: LeaseKeepAliveStream,
  ) {
    this.schedule()
  }

  static async grant(t: EtcdTransport, ttlSeconds: number, onLost: (err: LeaseLostError) => void, stream?: LeaseKeepAliveStream): Promise<Lease> {
    if (!(ttlSeconds >= 1)) throw new RangeError(`an etcd lease needs a TTL of at least 1 s, got ${ttlSeconds}`)
    const res = await t.call<{ID?: string; TTL?: string; error?: string}>('/v3/lease/grant', {TTL: String(Math.round(ttlSeconds))})
    if (!res.ID) throw new Error(`etcd granted no lease${res.error ? `: ${res.error}` : ''}`)
    return new Lease(t, res.ID, ttlSeconds, onLost, stream)
  }

  private schedule(): void {
    if (this.done) return
    this.timer = setTimeout(() => void this.renew(), Math.max(200, (this.ttlSeconds * 1000) / 3))
    this.timer.unref()
  }

  private async renew(): Promise<void> {
    this.timer = null
    if (this.done) return
    const budget = Math.max(200, (this.ttlSeconds * 1000) / 3)
    try {
      if ((await this.keepAlive(budget)) <= 0) return this.lose('etcd no longer has the lease (it expired)')
      this.lastRenewed = Date.now()
    } catch {
      if (Date.now() - this.lastRenewed > 2 * 1000 * this.ttlSeconds) return this.lose('the lease could not be renewed for twice its TTL and has expired')
    }
    this.schedule()
  }

  private async keepAlive(budget: number): Promise<number> {
    if (this.stream) {
      try {
        return await this.stream.keepAlive(this.id, Math.max(budget, 300))
      } catch {
        // the stream's member died or stalled: this renewal goes through the gateway
      }
    }
    const res = await this.t.call<{ID?: string; TTL?: string}>('/v3/lease/keepalive', {ID: this.id}, {timeoutMs: Math.min(this.t.opts.timeoutMs, Math.max(budget, 500)), preferLeader: true})
    return int64(res.TTL)
  }

  private lose(why: string): void {
    if (this.done) return
    this.release()
    this.onLost(new LeaseLostError(why))
  }

  /** Stop renewing (the keys go when the TTL runs out). */
  release(): void {
    this.done = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Revoke now: every key bound to the lease is deleted at once. */
  async revoke(timeoutMs?: number): Promise<void> {
    this.release()
    await this.t.call('/v3/lease/revoke', {ID: this.id}, {timeoutMs})
  }
}
