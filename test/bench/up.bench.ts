import {afterAll, test} from 'vitest'
import {bareEtcd3, cleanupPlatforms, cli, fixturePlatform, fmt, loadAvg, ROOT, stats, upToRouted} from './fixture-platform.js'

// `zdev up` of the real fixture platform (3 etcd, a server, 3 nodes, 2 proxies, whoami ×3,
// counter ×2), from spawning the CLI to every route answering through both proxies: cold (a new
// folder) and warm (after `down`, data kept), next to the floor measured in the same rounds:
// the same 3 etcd members started bare until all say healthy. Goals: cold ≤ floor + 1.5 s,
// warm ≤ floor + 1 s. ZDEV_BENCH_ROUNDS (default 5); ZDEV_BENCH_ROOT measures another checkout.
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 5)

afterAll(cleanupPlatforms, 300_000)

test('zdev up → healthy and routed (fixture platform) vs bare etcd ×3', {timeout: ROUNDS * 180_000}, async () => {
  const floor: number[] = []
  const cold: number[] = []
  const warm: number[] = []
  const load = [loadAvg()]
  for (let i = 0; i < ROUNDS; i++) {
    const bare = await bareEtcd3()
    floor.push(bare.ms)
    bare.stop()
    const p = await fixturePlatform(`up${i}`)
    cold.push((await upToRouted(p)).ms)
    await cli(['down', '-f', p.file])
    warm.push((await upToRouted(p)).ms)
    await cli(['down', '-f', p.file, '--purge'])
    load.push(loadAvg())
  }
  const f = stats(floor)
  const c = stats(cold)
  const w = stats(warm)
  console.log(`\nzdev up (${ROOT}), ${ROUNDS} interleaved rounds; load average ${load.join(' → ')}`)
  console.log(`floor: bare etcd ×3 spawned at once → all /health ok:  ${fmt(f)}`)
  console.log(`up cold → healthy and routed:  ${fmt(c)}   ${(c.median / f.median).toFixed(1)}× the floor, floor + ${((c.median - f.median) / 1000).toFixed(2)} s (goal ≤ + 1.5 s)`)
  console.log(`up warm → healthy and routed:  ${fmt(w)}   ${(w.median / f.median).toFixed(1)}× the floor, floor + ${((w.median - f.median) / 1000).toFixed(2)} s (goal ≤ + 1 s)`)
})
