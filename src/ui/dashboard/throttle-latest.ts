// Latest-wins throttle: deliver at most one value per interval, always the newest, and never
// drop the last one. Snapshots can arrive in bursts; the screen redraws at most 1000/interval
// times a second.

export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface LatestThrottle<T> {
  push(value: T): void
  close(): void
}

export function createLatestThrottle<T>(deliver: (value: T) => void, intervalMs: number, timers: Timers = realTimers): LatestThrottle<T> {
  let last = Number.NEGATIVE_INFINITY
  let pending: {value: T} | null = null
  let timer: unknown = null
  let closed = false
  const flush = () => {
    timer = null
    if (!pending || closed) return
    const {value} = pending
    pending = null
    last = timers.now()
    deliver(value)
  }
  return {
    push(value) {
      if (closed) return
      pending = {value}
      if (timer !== null) return
      const wait = last + intervalMs - timers.now()
      if (wait <= 0) flush()
      else timer = timers.setTimeout(flush, wait)
    },
    close() {
      closed = true
      pending = null
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
    },
  }
}
