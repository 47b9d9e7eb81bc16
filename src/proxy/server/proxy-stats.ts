export interface ProxyStats {
  requestsTotal: number
  /** Requests per router name; "(no route)" counts 404s from the proxy. */
  perRouter: Record<string, number>
  perStatusClass: {'1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number}
  /** Requests completed during the last full second. */
  requestsPerSecond: number
  retries: number
  upgrades: number
  tableSwaps: number
}

export class StatsCounter {
  total = 0
  retries = 0
  upgrades = 0
  tableSwaps = 0
  private readonly classes = [0, 0, 0, 0, 0, 0]
  private readonly routers = new Map<string, number>()
  private lastTotal = 0
  private rate = 0
  private readonly timer: NodeJS.Timeout

  constructor() {
    this.timer = setInterval(() => {
      this.rate = this.total - this.lastTotal
      this.lastTotal = this.total
    }, 1000)
    this.timer.unref()
  }

  count(router: string, status: number): void {
    this.total++
    this.classes[Math.min(5, Math.max(1, Math.floor(status / 100)))]++
    this.routers.set(router, (this.routers.get(router) ?? 0) + 1)
  }

  snapshot(): ProxyStats {
    const c = this.classes
    return {
      requestsTotal: this.total,
      perRouter: Object.fromEntries(this.routers),
      perStatusClass: {'1xx': c[1], '2xx': c[2], '3xx': c[3], '4xx': c[4], '5xx': c[5]},
      requestsPerSecond: this.rate,
      retries: this.retries,
      upgrades: this.upgrades,
      tableSwaps: this.tableSwaps,
    }
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
