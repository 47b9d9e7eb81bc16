import {UserError} from '../lib/errors.js'
import {httpGet} from '../lib/http-get.js'

/** GET <endpoint>/health → true when etcd says {"health":"true"} (it has a leader and can serve). */
export async function isHealthy(endpoint: string, timeoutMs = 500): Promise<boolean> {
  const res = await httpGet(`${endpoint}/health`, timeoutMs)
  if (!res || res.status < 200 || res.status >= 300) return false // not up yet, or no leader: the caller polls
  try {
    return (JSON.parse(res.body) as {health?: string}).health === 'true'
  } catch {
    return false
  }
}

export interface WaitQuorumOptions {
  timeoutMs?: number
  intervalMs?: number
  /** Checked each round: stop early when a member process has died. */
  abort?: () => string | undefined
}

/** Poll every member's /health until all say healthy; bounded by `timeoutMs`. */
export async function waitForQuorum(endpoints: string[], opts: WaitQuorumOptions = {}): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 15_000
  const start = performance.now()
  for (;;) {
    const ok = await Promise.all(endpoints.map((e) => isHealthy(e)))
    if (ok.every(Boolean)) return performance.now() - start
    const why = opts.abort?.()
    if (why) throw new UserError(`the KV quorum did not form: ${why}`, {code: 'quorum_failed'})
    if (performance.now() - start > timeoutMs) {
      const bad = endpoints.filter((_, i) => !ok[i])
      throw new UserError(`the KV quorum did not become healthy within ${timeoutMs} ms (not healthy: ${bad.join(', ')})`, {
        code: 'quorum_timeout',
        hint: 'look at the etcd logs under .zdev/<name>/logs/, then `zdev down` and `zdev up` again',
      })
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25))
  }
}
