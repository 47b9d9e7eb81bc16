import type {Lease} from './client.js'
import {EtcdError} from './etcd-json.js'
import {LeaseLostError} from './kv-lease.js'
import type {Store} from './store.js'

/** The put named a lease etcd no longer has (it expired while this process was paused). */
export function isLeaseGone(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as {cause?: unknown}).cause) {
    if (e instanceof LeaseLostError || (e instanceof EtcdError && e.code === 5) || /lease not found|NOT_FOUND/i.test(e.message)) return true
  }
  return false
}

/**
 * The TTL of records that only tell who is up (servers/<name>, proxies/<name>): nothing reacts
 * to their loss (leadership and node loss have leases of their own), so they are renewed every
 * 2 s instead of every 667 ms, each renewal one message etcd's leader handles (idle platform:
 * 16.5 → 13.5 keep-alives/s); a killed process's record shows for up to 6 s.
 */
export const RECORD_TTL_SECONDS = 6

/**
 * Keys bound to one lease that a live process keeps alive (node registrations, service
 * instances, proxy and server records). When the process dies the lease expires and the keys
 * vanish. When the client reports the lease lost (quorum loss) the keys may still exist on the
 * server (STACK.md), so a fresh lease is granted and every key put again.
 * With `ttlSeconds` 0 the keys are plain (they outlive the process) but writes keep the same
 * per-key ordering.
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
    if (this.ttlSeconds > 0) await this.grant()
  }

  /**
   * Put a key; writes to one key are serialised and coalesced (latest wins). Two puts in flight
   * at once travel as separate HTTP requests and etcd may apply them in either order.
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
      if (this.closed) return
      if (this.entries.has(key) && this.ttlSeconds === 0) {
        await this.store.put(key, this.entries.get(key))
      } else if (this.entries.has(key)) {
        if (this.renewing) await this.renewing // the renewal puts every entry again
        else if (!this.lease) await this.grant()
        if (this.closed || !this.lease) return
        try {
          await this.store.put(key, this.entries.get(key), this.lease!)
        } catch (err) {
          if (!isLeaseGone(err)) throw err
          // Paused past the TTL (SIGSTOP, laptop sleep, starved CPU): etcd dropped the lease and
          // its keys. Grant a new one and put every key again, this one included.
          this.lost(this.lease)
          await this.renewing
        }
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
        await lease.revoke(this.store.timeoutMs)
      } catch {
        lease.release() // best effort: the TTL removes the keys anyway
      }
    }
  }

  private async grant(): Promise<void> {
    const lease: Lease = await this.store.client.grantLease(this.ttlSeconds, () => this.lost(lease))
    if (this.closed) {
      await lease.revoke(this.store.timeoutMs).catch(() => lease.release())
      return
    }
    this.lease = lease
  }

  private lost(lease: Lease | null): void {
    if (this.lease !== lease || this.closed || this.renewing) return
    this.onLeaseChange?.('lost')
    lease?.release()
    this.renewing = this.renew().finally(() => (this.renewing = null))
  }

  private async renew(): Promise<void> {
    let delay = 200
    while (!this.closed) {
      try {
        this.lease = null
        await this.grant()
        if (!this.lease) return // closed meanwhile
        for (const [k, v] of this.entries) await this.store.put(k, v, this.lease)
        this.onLeaseChange?.('renewed')
        return
      } catch {
        await new Promise((r) => setTimeout(r, delay))
        delay = Math.min(delay * 2, 2000)
      }
    }
  }
}
