import {test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {newId} from '../../src/lib/ids.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd} from '../support/etcd.js'
import {testJob} from '../support/jobs.js'

// The HTTP API beside a plain etcd read, in the same run, interleaved: read latency of
// GET /v1/job/:id and GET /v1/jobs vs an etcd get and prefix list; and the wake-up time of a
// blocking query (?index=) vs an etcd watch event, both woken by the same write.
const ROUNDS = 5
const READS = 100
const WAKES = 30

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return {min: s[0]!, median: q(0.5), p95: q(0.95), max: s.at(-1)!}
}
const fmt = (name: string, xs: number[], base?: number[]) => {
  const s = stats(xs)
  const ratio = base ? ` ×${(s.median / stats(base).median).toFixed(2)} of etcd` : ''
  return `${name.padEnd(34)} min ${s.min.toFixed(2)}  median ${s.median.toFixed(2)}  p95 ${s.p95.toFixed(2)}  max ${s.max.toFixed(2)} ms${ratio}`
}

test('API read latency and blocking-query wake-up vs plain etcd', {timeout: 600_000}, async () => {
  const etcd = await startTestEtcd()
  const cluster = 'benchapi'
  const store = Store.connect(etcd.endpoints, cluster)
  const agents = new AgentSet()
  try {
    const port = await freePort()
    agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints, api: {host: '127.0.0.1', port}})
    const base = `http://127.0.0.1:${port}`
    await waitFor('the API', async () => (await fetch(`${base}/v1/status/leader`)).ok, 30_000)
    for (let i = 0; i < 20; i++) await submitJob(store, testJob(`job-${i}`, 1), {now: Date.now, newId})
    const get = async (p: string) => {
      const r = await fetch(base + p)
      await r.arrayBuffer()
      return r
    }
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now()
      await fn()
      return performance.now() - t0
    }
    const t = {etcdGet: [] as number[], apiJob: [] as number[], etcdList: [] as number[], apiJobs: [] as number[]}
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < READS; i++) {
        t.etcdGet.push(await time(() => store.get(store.keys.job('job-3'))))
        t.apiJob.push(await time(() => get('/v1/job/job-3')))
        t.etcdList.push(await time(() => store.list(store.keys.jobs)))
        t.apiJobs.push(await time(() => get('/v1/jobs')))
      }
    }
    const wakeApi: number[] = []
    const wakeWatch: number[] = []
    for (let i = 0; i < WAKES; i++) {
      // wait for a quiet cluster (the leader finishing the last evaluation also moves the index)
      let index = Number((await get('/v1/jobs')).headers.get('x-nomad-index'))
      for (;;) {
        const next = Number((await get(`/v1/jobs?index=${index}&wait=300ms`)).headers.get('x-nomad-index'))
        if (next === index) break
        index = next
      }
      let watchAt = 0
      const cancel = await store.watch(store.keys.jobs, () => (watchAt ||= performance.now()))
      const blocked = fetch(`${base}/v1/jobs?index=${index}&wait=30s`).then(async (r) => {
        await r.arrayBuffer()
        return performance.now()
      })
      await new Promise((res) => setTimeout(res, 50)) // let the request reach the server (not a correctness wait)
      const t0 = performance.now()
      await submitJob(store, {...testJob('job-0', 1), Meta: {v: String(i + 2)}}, {now: Date.now, newId})
      const apiAt = await blocked
      await waitFor('the watch event', async () => watchAt > 0, 10_000, 5)
      await cancel()
      wakeApi.push(apiAt - t0)
      wakeWatch.push(watchAt - t0)
    }
    console.log(
      [
        '',
        `API vs etcd on one etcd member and one server (${ROUNDS}×${READS} interleaved reads, ${WAKES} wake-ups):`,
        fmt('etcd get jobs/job-3', t.etcdGet),
        fmt('GET /v1/job/job-3', t.apiJob, t.etcdGet),
        fmt('etcd list jobs/ (20 jobs)', t.etcdList),
        fmt('GET /v1/jobs (20 jobs)', t.apiJobs, t.etcdList),
        fmt('etcd watch event after a submit', wakeWatch),
        fmt('blocking GET /v1/jobs wakes', wakeApi, wakeWatch),
        '(the API reads the whole cluster state plus revisions per request; wake-up includes that read)',
      ].join('\n'),
    )
  } finally {
    await agents.cleanup()
    store.close()
    await etcd.stop()
  }
})
