import net from 'node:net'
import {UserError} from '../lib/errors.js'
import {httpGet} from '../lib/http-get.js'
import {PollAborted, PollTimeout, pollUntil} from '../lib/poll-until.js'
import {isHealthy} from '../kv/wait-quorum.js'
import type {ReadyCheck} from './spec.js'

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({host, port})
    const done = (ok: boolean) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(300, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}

async function httpOk(url: string): Promise<boolean> {
  const res = await httpGet(url, 500)
  return res !== null && res.status >= 200 && res.status < 300
}

/**
 * For a process that cannot say it is ready (etcd, `zdev kv start`): poll `check` until it
 * passes. `dead()` is asked each round and, when it returns a reason, stops the wait with that
 * reason. Returns undefined on success, else why it failed.
 */
export async function waitReady(check: ReadyCheck, timeoutMs: number, dead: () => string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  if (check.kind === 'none' || check.kind === 'signal') return dead()
  try {
    await pollUntil(async () => ((check.kind === 'tcp' ? await tcpOpen(check.host, check.port) : await httpOk(check.url)) ? true : undefined), {timeoutMs, intervalMs: 10, abort: dead, signal})
    return undefined
  } catch (err) {
    if (err instanceof PollTimeout) return `not ready within ${timeoutMs} ms (${check.kind === 'tcp' ? `port ${check.port}` : check.url})`
    return (err as Error).message
  }
}

/** Wait for a process's own "ready" line; undefined when it came, else why not (its death with its log tail, or the timeout). */
export async function waitSignalled(ready: Promise<void>, timeoutMs: number, dead: () => string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`not ready within ${timeoutMs} ms (it did not signal readiness)`), timeoutMs)))
  const aborted = new Promise<string>((resolve) => signal?.addEventListener('abort', () => resolve('stopped: another step failed'), {once: true}))
  try {
    return await Promise.race<string | undefined>([
      // the pipe closed first: it died (the supervisor may take a moment to follow its child)
      ready.then(() => undefined, async (err: Error) => {
        const why = await pollUntil(dead, {timeoutMs: 3000, intervalMs: 50}).catch(() => undefined)
        return why ?? err.message
      }),
      timeout,
      aborted,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Every member's /health says healthy (the quorum has a leader and serves). */
export async function waitQuorumStep(endpoints: string[], timeoutMs: number, dead: () => string | undefined, signal?: AbortSignal): Promise<void> {
  let last: boolean[] = []
  try {
    await pollUntil(
      async () => {
        last = await Promise.all(endpoints.map((e) => isHealthy(e)))
        return last.every(Boolean) ? true : undefined
      },
      {timeoutMs, intervalMs: 10, abort: dead, signal},
    )
  } catch (err) {
    if (err instanceof PollAborted) throw new UserError(`the KV quorum did not form: ${err.message}`, {code: 'quorum_failed'})
    if (err instanceof PollTimeout) {
      throw new UserError(`the KV quorum did not become healthy within ${timeoutMs} ms (not healthy: ${endpoints.filter((_, i) => !last[i]).join(', ')})`, {
        code: 'quorum_timeout',
        hint: 'look at the etcd logs under .zdev/<name>/logs/, then `zdev down` and `zdev up` again',
      })
    }
    throw err
  }
}
