import {newId} from '../lib/ids.js'
import type {Clock} from '../store/jobs.js'

/** The real clock and id source, for commands (the service functions take one injected). */
export const systemClock: Clock = {now: () => Date.now(), newId}

/** Sleep that ends early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, {once: true})
  })
}
