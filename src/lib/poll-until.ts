// The one place that polls: where no process or watch can tell us, ask `check` again after
// `intervalMs` (or sooner when `wake` fires, e.g. from a KV watch), until it returns a value.

export interface PollOptions {
  timeoutMs: number
  intervalMs?: number
  /** Stop early: returns a reason when waiting is pointless (a process died). */
  abort?: () => string | undefined
  signal?: AbortSignal
  /** Subscribe to something that makes a new check worthwhile; returns an unsubscribe. */
  wake?: (again: () => void) => () => void
}

export class PollTimeout extends Error {
  constructor(readonly last: unknown, timeoutMs: number) {
    super(`not ready within ${timeoutMs} ms`)
  }
}

export class PollAborted extends Error {}

/** Resolve with the first value `check` returns other than undefined; reject on timeout, abort() or the signal. */
export async function pollUntil<T>(check: () => Promise<T | undefined> | T | undefined, opts: PollOptions): Promise<T> {
  const until = performance.now() + opts.timeoutMs
  let kick: (() => void) | null = null
  let kicked = false
  const unsubscribe = opts.wake?.(() => (kicked = true, kick?.()))
  try {
    for (;;) {
      kicked = false
      const v = await check()
      if (v !== undefined) return v
      const why = opts.abort?.()
      if (why) throw new PollAborted(why)
      if (opts.signal?.aborted) throw new PollAborted(String(opts.signal.reason ?? 'aborted'))
      if (performance.now() > until) throw new PollTimeout(v, opts.timeoutMs)
      if (kicked) continue
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(opts.intervalMs ?? 50, Math.max(1, until - performance.now())))
        function done() {
          clearTimeout(t)
          kick = null
          opts.signal?.removeEventListener('abort', done)
          resolve()
        }
        kick = done
        opts.signal?.addEventListener('abort', done, {once: true})
      })
    }
  } finally {
    unsubscribe?.()
  }
}
