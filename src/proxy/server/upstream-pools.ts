import type {Dispatcher, Pool as UndiciPool} from 'undici'
import {SocketPool} from './fast/socket-pool.js'

type Pool = UndiciPool
// undici's Pool class alone: undici's index also loads fetch, WebSocket, caches and mocks, ~7 MiB
// of an idle proxy's PSS and half its start-up CPU. Even alone it is ~40 ms of module loading, so
// it is loaded after start (or by the first request that needs it), off the path to listening.
let PoolClass: typeof UndiciPool | undefined
let loadingPool: Promise<typeof UndiciPool> | undefined
function loadPool(): Promise<typeof UndiciPool> {
  // @ts-expect-error the deep path has no declarations of its own; its export is undici's Pool
  loadingPool ??= import('undici/lib/dispatcher/pool.js').then((m: {default: typeof UndiciPool}) => (PoolClass = m.default))
  return loadingPool
}
const LOAD_POOL_AFTER_MS = 1000

/** What the node:http lane needs of a pool. */
export type LanePool = Pick<Dispatcher, 'dispatch'>

/**
 * Keep-alive connection pools, one per upstream origin, kept across routing-table swaps so that a
 * new table reuses warm connections. Pools grow with the load (no connection cap): an idle pool
 * smaller than the concurrency makes every extra request open a fresh connection.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>()
  private readonly raw = new Map<string, SocketPool>()

  private readonly sweeper: NodeJS.Timeout

  constructor(private readonly now: () => number) {
    this.sweeper = setInterval(() => {
      for (const p of this.raw.values()) p.sweep()
    }, 5_000)
    this.sweeper.unref()
    setTimeout(() => void loadPool().catch(() => undefined), LOAD_POOL_AFTER_MS).unref()
  }

  /** Raw keep-alive sockets for the fast lane. */
  sockets(origin: string, host: string, port: number): SocketPool {
    let pool = this.raw.get(origin)
    if (!pool) {
      pool = new SocketPool(host, port, this.now)
      this.raw.set(origin, pool)
    }
    return pool
  }

  /** An undici pool for the node:http lane (a request before undici has loaded waits for it). */
  get(origin: string): LanePool {
    if (!PoolClass) {
      return {
        dispatch: (opts, handler) => {
          loadPool().then(
            () => this.get(origin).dispatch(opts, handler),
            (err: unknown) => handler.onError?.(err instanceof Error ? err : new Error(String(err))),
          )
          return true
        },
      }
    }
    let pool = this.pools.get(origin)
    if (!pool) {
      pool = new PoolClass(origin, {
        connections: null,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 60_000,
        connectTimeout: 2_000,
        headersTimeout: 0,
        bodyTimeout: 0,
      })
      this.pools.set(origin, pool)
    }
    return pool
  }

  /** Close pools whose origin is no longer in use; in-flight requests finish first. */
  retain(origins: ReadonlySet<string>): void {
    for (const [origin, pool] of this.raw) {
      if (origins.has(origin)) continue
      this.raw.delete(origin)
      pool.close()
    }
    for (const [origin, pool] of this.pools) {
      if (origins.has(origin)) continue
      this.pools.delete(origin)
      pool.close().catch(() => pool.destroy().catch(() => undefined))
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper)
    const all = [...this.pools.values()]
    this.pools.clear()
    for (const p of this.raw.values()) p.close()
    this.raw.clear()
    await Promise.all(all.map((p) => p.destroy().catch(() => undefined)))
  }
}
