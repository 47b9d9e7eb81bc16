import fc from 'fast-check'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {mirrorClusterState} from '../../src/platform/state-mirror.js'
import {readClusterState, type ClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {Store} from '../../src/store/store.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'
import {testJob} from '../support/jobs.js'

// The copy of the cluster state a watch keeps current (`up`'s "jobs running" step) equals a fresh
// read at the same revision after any sequence of puts, deletes and multi-key txns (a job submit
// puts the job, its version and an evaluation at one revision), whether it re-reads in full
// on every call or never; a real etcd member.

let etcd: TestEtcd
let n = 0
const clock = {now: () => 1_700_000_000_000 + n, newId: () => `id-${++n}`}

beforeAll(async () => {
  etcd = await startTestEtcd()
})
afterAll(async () => {
  await etcd?.stop()
})

type Op = {kind: 'put'; key: string; v: number} | {kind: 'delete'; key: string} | {kind: 'submit'; job: string} | {kind: 'look'}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({kind: fc.constant('put' as const), key: fc.constantFrom('services/w/a', 'services/w/b', 'proxies/p1', 'data/x'), v: fc.nat(9)}),
  fc.record({kind: fc.constant('delete' as const), key: fc.constantFrom('services/w/a', 'services/w/b', 'proxies/p1', 'data/x')}),
  fc.record({kind: fc.constant('submit' as const), job: fc.constantFrom('j1', 'j2')}),
  fc.constant({kind: 'look' as const}),
)

const value = (key: string, v: number) =>
  key.startsWith('services/') ? {ID: key, ServiceName: 'w', AllocID: `a${v}`, Healthy: v % 2 === 0} : key.startsWith('proxies/') ? {Name: 'p1', HealthyByService: {w: v}} : {v}

async function caughtUp(get: () => Promise<ClusterState>, revision: number): Promise<ClusterState> {
  const until = Date.now() + 5000
  for (;;) {
    const st = await get()
    if (st.revision >= revision) return st
    if (Date.now() > until) throw new Error(`mirror stuck at revision ${st.revision}, want ${revision}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

test('the mirrored state equals a read at the same revision', {timeout: 120_000}, async () => {
  let run = 0
  await fc.assert(
    fc.asyncProperty(fc.array(op, {minLength: 1, maxLength: 25}), fc.constantFrom(0, 60_000), async (ops, refreshMs) => {
      const store = Store.connect(etcd.endpoints, `mirror${++run}`)
      const mirror = await mirrorClusterState(store, refreshMs)
      let changes = 0
      const off = mirror.onChange(() => changes++)
      try {
        for (const o of ops) {
          if (o.kind === 'put') await store.put(store.keys.prefix + o.key, value(o.key, o.v))
          else if (o.kind === 'delete') await store.delete(store.keys.prefix + o.key)
          else if (o.kind === 'submit') await submitJob(store, testJob(o.job), clock)
          else {
            const fresh = await readClusterState(store)
            expect(await caughtUp(() => mirror.state(), fresh.revision)).toEqual(fresh)
          }
        }
        const fresh = await readClusterState(store)
        expect(await caughtUp(() => mirror.state(), fresh.revision)).toEqual(fresh)
        // with refreshMs 0 `state()` re-reads in full, so it can be current before the watch's event lands
        if (ops.some((o) => o.kind === 'put' || o.kind === 'submit')) {
          const until = Date.now() + 5000
          while (changes === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5))
          expect(changes).toBeGreaterThan(0)
        }
      } finally {
        off()
        await mirror.close()
        store.close()
      }
    }),
    {numRuns: 12},
  )
})
