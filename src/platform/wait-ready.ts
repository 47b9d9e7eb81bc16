import net from 'node:net'
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
  try {
    const res = await fetch(url, {signal: AbortSignal.timeout(500)})
    return res.ok
  } catch {
    return false
  }
}

/**
 * Poll `check` until it passes. `dead()` is asked each round and, when it returns a reason,
 * stops the wait with that reason. Returns undefined on success, else why it failed.
 */
export async function waitReady(check: ReadyCheck, timeoutMs: number, dead: () => string | undefined): Promise<string | undefined> {
  if (check.kind === 'none') return dead()
  const until = performance.now() + timeoutMs
  for (;;) {
    const ok = check.kind === 'tcp' ? await tcpOpen(check.host, check.port) : await httpOk(check.url)
    if (ok) return undefined
    const why = dead()
    if (why) return why
    if (performance.now() > until) return `not ready within ${timeoutMs} ms (${check.kind === 'tcp' ? `port ${check.port}` : check.url})`
    await new Promise((r) => setTimeout(r, 20))
  }
}
