import http from 'node:http'

export interface LoadResult {
  ok: number
  failed: number
  statuses: Record<string, number>
  errors: Record<string, number>
  instances: Record<string, number>
}

/**
 * A bounded HTTP load on loopback: `connections` keep-alive clients each sending GETs back to
 * back until `stop()` is called, `maxRequests` are sent, or `maxMs` passes — whichever first.
 */
export function startLoad(opts: {targets: {host: string; port: number}[]; hostHeader: string; connections: number; maxRequests: number; maxMs: number}) {
  const res: LoadResult = {ok: 0, failed: 0, statuses: {}, errors: {}, instances: {}}
  let stopped = false
  let sent = 0
  const deadline = Date.now() + opts.maxMs
  const agents = opts.targets.map(() => new http.Agent({keepAlive: true, maxSockets: opts.connections}))
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const t = opts.targets[i % opts.targets.length]
      const req = http.request({host: t.host, port: t.port, path: '/', headers: {host: opts.hostHeader}, agent: agents[i % agents.length], timeout: 5000}, (r) => {
        const chunks: Buffer[] = []
        r.on('data', (c) => chunks.push(c))
        r.on('end', () => {
          res.statuses[r.statusCode!] = (res.statuses[r.statusCode!] ?? 0) + 1
          if (r.statusCode === 200) {
            res.ok++
            const who = String(r.headers['x-whoami-instance'] ?? '')
            res.instances[who] = (res.instances[who] ?? 0) + 1
          } else res.failed++
          resolve()
        })
      })
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', (e: NodeJS.ErrnoException) => {
        res.failed++
        res.errors[e.code ?? e.message] = (res.errors[e.code ?? e.message] ?? 0) + 1
        resolve()
      })
      req.end()
    })
  const loops = Array.from({length: opts.connections}, async (_, c) => {
    let i = c
    while (!stopped && sent < opts.maxRequests && Date.now() < deadline) {
      sent++
      await one(i++)
    }
  })
  const done = Promise.all(loops).then(() => {
    for (const a of agents) a.destroy()
    return res
  })
  return {
    result: res,
    /** Resolves when the load ends by itself (count or time bound). */
    finished: done,
    async stop(): Promise<LoadResult> {
      stopped = true
      return done
    },
  }
}
