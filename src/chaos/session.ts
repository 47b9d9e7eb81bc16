import {connectCluster} from '../platform/connect.js'
import {routesOf} from '../platform/routes.js'
import {UserError} from '../lib/errors.js'
import type {ChaosContext, ChaosObserver, LiveEvent} from './context.js'
import {readHealth} from './health-read.js'
import {startLoadGenerator, type RunningLoad} from './load-generator.js'
import {resumeAll} from './processes.js'
import {loadFigures} from './stats.js'
import {loadTargets} from './targets.js'
import type {Sample} from './types.js'

// What both kinds of run share: connect, find the routed services, run the bounded load with
// a once-a-second live figure, read health, and always clean up (resume paused processes,
// stop the load, close the store).

export interface Session {
  ctx: ChaosContext
  read: () => ReturnType<typeof readHealth>
  startLoad(rate: number, concurrency: number, maxMs: number): RunningLoad
  close(): void
}

export async function openSession(file: string, observer: ChaosObserver): Promise<Session> {
  const conn = await connectCluster(file)
  try {
    const routes = await routesOf(conn.store, conn.platform)
    const targets = loadTargets(routes)
    if (targets.length === 0) {
      throw new UserError(`cluster ${conn.platform.name} has no routed service with a healthy instance behind a proxy, so there is nothing to send load to`, {
        code: 'no_routes',
        hint: 'run a job whose service has traefik tags (e.g. fixtures/samples/whoami) and give the platform proxies; `zdev routes` shows what is routed',
      })
    }
    const ctx: ChaosContext = {file, platform: conn.platform, store: conn.store, etcd: conn.state.components.filter((c) => c.kind === 'etcd'), targets, observer}
    let ticker: NodeJS.Timeout | undefined
    let load: RunningLoad | undefined
    return {
      ctx,
      read: () => readHealth(ctx, targets),
      startLoad(rate, concurrency, maxMs) {
        load = startLoadGenerator({targets, rate, concurrency, maxMs, maxRequests: Math.ceil((rate * maxMs) / 1000) + concurrency})
        const samples = load.samples
        let seen = 0
        ticker = setInterval(() => tick(observer, samples, seen, (n) => (seen = n)), 1000)
        ticker.unref()
        return load
      },
      close() {
        resumeAll()
        if (ticker) clearInterval(ticker)
        void load?.stop()
        conn.close()
      },
    }
  } catch (err) {
    conn.close()
    throw err
  }
}

function tick(observer: ChaosObserver, samples: Sample[], seen: number, setSeen: (n: number) => void): void {
  const window = loadFigures(samples.slice(seen))
  setSeen(samples.length)
  const total = loadFigures(samples)
  const e: LiveEvent = {type: 'load', at: Date.now(), windowOk: window.ok, windowFailed: window.failed, totalOk: total.ok, totalFailed: total.failed, p50Ms: window.p50Ms, p99Ms: window.p99Ms}
  observer.onEvent(e)
}
