import http from 'node:http'
import type {LoadTarget} from './targets.js'
import type {Sample} from './types.js'

// The chaos load: `concurrency` workers share one pace of `rate` requests per second, round
// robin over the targets, each request bounded by a timeout; the whole load stops at
// `maxRequests` or `maxMs`, whichever comes first (or at stop()). Loopback targets only
// (checked by loadTargets). A 2xx/3xx answer is a success; anything else a failure.

export interface LoadOptions {
  targets: LoadTarget[]
  rate: number
  concurrency: number
  maxMs: number
  maxRequests: number
  timeoutMs?: number
  onSample?: (s: Sample) => void
}

export interface RunningLoad {
  samples: Sample[]
  finished: Promise<Sample[]>
  stop(): Promise<Sample[]>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function startLoadGenerator(o: LoadOptions): RunningLoad {
  const samples: Sample[] = []
  const start = Date.now()
  const deadline = start + o.maxMs
  const timeoutMs = o.timeoutMs ?? 2000
  const agents = new Map(o.targets.map((t) => [`${t.address}:${t.port}`, new http.Agent({keepAlive: true, maxSockets: o.concurrency})]))
  let n = 0
  let stopped = false
  const record = (s: Sample) => {
    samples.push(s)
    o.onSample?.(s)
  }
  const one = (t: LoadTarget) =>
    new Promise<void>((resolve) => {
      const t0 = Date.now()
      const p0 = performance.now()
      const done = (ok: boolean, what: string) => {
        record({t: t0, ms: performance.now() - p0, ok, what})
        resolve()
      }
      const req = http.request({host: t.address, port: t.port, path: '/', headers: {host: t.host, 'user-agent': 'zdev-chaos'}, agent: agents.get(`${t.address}:${t.port}`), timeout: timeoutMs}, (res) => {
        res.resume()
        res.on('end', () => done(res.statusCode! >= 200 && res.statusCode! < 400, String(res.statusCode)))
        res.on('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? 'error'))
      })
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), {code: 'timeout'})))
      req.on('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message))
      req.end()
    })
  const worker = async () => {
    for (;;) {
      if (stopped || n >= o.maxRequests || o.targets.length === 0) return
      const i = n++
      const due = start + (i * 1000) / o.rate
      if (due >= deadline) return
      if (due > Date.now()) await sleep(due - Date.now())
      if (stopped) return
      await one(o.targets[i % o.targets.length]!)
    }
  }
  const finished = Promise.all(Array.from({length: o.concurrency}, worker)).then(() => {
    for (const a of agents.values()) a.destroy()
    return samples
  })
  return {
    samples,
    finished,
    stop() {
      stopped = true
      return finished
    },
  }
}
