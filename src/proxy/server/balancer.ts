import type {LanePool} from './upstream-pools.js'
import type {ServerEntry} from '../config/routing-table.js'
import type {SocketPool} from './fast/socket-pool.js'

export interface Upstream {
  server: ServerEntry
  /** undici pool (node:http lane), created on first use. */
  readonly pool: LanePool
  /** Raw keep-alive sockets (fast lane). */
  sockets: SocketPool
  /** Monotonic ms until which a failed connect keeps this upstream out of rotation. */
  downUntil: number
}

const EJECT_MS = 2_000

/**
 * Smooth weighted round robin (as nginx does it) over healthy upstreams: even spread, weights
 * respected, deterministic. An upstream whose connect just failed sits out briefly, unless all do.
 */
export class Balancer {
  private readonly current: number[]
  private readonly totalWeight: number

  constructor(readonly upstreams: Upstream[], private readonly now: () => number) {
    this.current = upstreams.map(() => 0)
    this.totalWeight = upstreams.reduce((sum, u) => sum + u.server.weight, 0)
  }

  get size(): number {
    return this.upstreams.length
  }

  /** Next upstream not in `exclude`; undefined when none is left. */
  pick(exclude?: ReadonlySet<Upstream>): Upstream | undefined {
    const t = this.now()
    let best = this.choose(t, exclude, true)
    if (best < 0) best = this.choose(t, exclude, false)
    return best < 0 ? undefined : this.upstreams[best]
  }

  markDown(u: Upstream): void {
    u.downUntil = this.now() + EJECT_MS
  }

  private choose(t: number, exclude: ReadonlySet<Upstream> | undefined, skipDown: boolean): number {
    let best = -1
    let total = 0
    for (let i = 0; i < this.upstreams.length; i++) {
      const u = this.upstreams[i]
      if (u.server.weight <= 0 || exclude?.has(u) || (skipDown && u.downUntil > t)) continue
      this.current[i] += u.server.weight
      total += u.server.weight
      if (best < 0 || this.current[i] > this.current[best]) best = i
    }
    if (best >= 0) this.current[best] -= total
    return best
  }

  get weight(): number {
    return this.totalWeight
  }
}
