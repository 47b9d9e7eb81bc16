import type {Lease} from 'etcd3'
import type {Store} from './store.js'

/**
 * Keys bound to one lease that a live process keeps alive (node registrations, service
 * instances, proxy and server records). When the process dies the lease expires and the keys
 * vanish. When the client reports the lease lost (quorum loss) the keys may still exist on the
 * server (STACK.md), so a fresh lease is granted and every key put again.
 */
export class LeasedKeys {
  private lease: Lease | null = null
  private readonly entries = new Map<string, unknown>()
  private closed = false
  private renewing: Promise<void> | null = null
  private readonly chains = new Map<string, Promise<void>>()
  private readonly queued = new Map<string, Promise<void>>()

  constructor(
    private readonly store: Store,
    readonly ttlSeconds: number,
    private readonly onLeaseChange?: (state: 'lost' | 'renewed') => void,
  ) {}

  async start(): Promise<void> {
    await this.grant()
  }

  /**
   * Put a key; writes to one key are serialised and coalesced (latest wins). Two puts in flight
   * at once travel as separate gRPC streams and etcd may apply them in either order.
   */
  async set(key: string, value: unknown): Promise<void> {
    this.entries.set(key, value)
    return this.enqueue(key)
  }

  async remove(key: string): Promise<void> {
    this.entries.delete(key)
    return this.enqueue(key)
  }

  private enqueue(key: string): Promise<void> {
    const queued = this.queued.get(key)
    if (queued) return queued
    const prev = this.chains.get(key) ?? Promise.resolve()
    const next = prev.then(async () => {
      this.queued.delete(key)
      if (this.entries.has(key)) {
        if (!this.lease) await this.grant()
        await this.store.put(key, this.entries.get(key), this.lease!)
      } else {
        await this.store.delete(key)
      }
    })
    const settled = next.catch(() => undefined)
    this.queued.set(key, next)
    this.chains.set(key, settled)
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key)
    })
    return next
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  keys(): string[] {
    return [...this.entries.keys()]
  }

  /** Revoke the lease so every key goes at once (a clean shutdown). */
  async close(): Promise<void> {
    this.closed = true
    const lease = this.lease
    this.lease = null
    if (lease) {
      try {
        await lease.revoke({deadline: Date.now() + this.store.timeoutMs})
      } catch {
        lease.release() // best effort: the TTL removes the keys anyway
      }
    }
  }

  private async grant(): Promise<void> {
    const lease = this.store.client.lease(this.ttlSeconds, {autoKeepAlive: true})
    lease.on('lost', () => {
      if (this.lease !== lease || this.closed) return
      this.onLeaseChange?.('lost')
      this.renewing ??= this.renew().finally(() => (this.renewing = null))
    })
    await lease.grant()
    this.lease = lease
  }

  private async renew(): Promise<void> {
    let delay = 200
    while (!this.closed) {
      try {
        await this.grant()
        for (const [k, v] of this.entries) await this.store.put(k, v, this.lease!)
        this.onLeaseChange?.('renewed')
        return
      } catch {
        await new Promise((r) => setTimeout(r, delay))
        delay = Math.min(delay * 2, 2000)
      }
    }
  }
}
