import {afterAll, test} from 'vitest'
import {bareEtcd3, cleanupPlatforms, down, fixturePlatform, fmt, loadAvg, ROOTS, short, stats, upToRouted} from './fixture-platform.js'

// `zdev up` of the real fixture platform (3 etcd, a server, 3 nodes, 2 proxies, whoami ×3,
// counter ×2), from spawning the CLI to every route answering /health through both proxies:
// cold (a new folder) and warm (after `down`, data kept), next to the floor measured in the same
// rounds: the same 3 etcd members started bare until all say healthy. Goals: cold ≤ floor +
// 1.5 s, warm ≤ floor + 1 s. ZDEV_BENCH_ROUNDS (default 5); ZDEV_BENCH_ROOT measures another
// checkout; ZDEV_BENCH_COMPARE adds one (e.g. the code before a change) to the same rounds.
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 5)

afterAll(cleanupPlatforms, 300_000)

test('zdev up → healthy and routed (fixture platform) vs bare etcd ×3', {timeout: ROUNDS * ROOTS.length * 200_000}, async () => {
  const floor: number[] = []
  const cold = ROOTS.map(() => [] as number[])
  const warm = ROOTS.map(() => [] as number[])
  const load = [loadAvg()]
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, root] of ROOTS.entries()) {
      const bare = await bareEtcd3()
      floor.push(bare.ms)
      bare.stop()
      const p = await fixturePlatform(`up${i}x${j}`, root)
      cold[j]!.push((await upToRouted(p)).ms)
      await down(p)
      warm[j]!.push((await upToRouted(p)).ms)
      await down(p, true)
    }
    load.push(loadAvg())
  }
  const f = stats(floor)
  console.log(`\nzdev up, ${ROUNDS} interleaved rounds; load average ${load.join(' → ')}`)
  console.log(`floor: bare etcd ×3 spawned at once → all /health ok:  ${fmt(f)}`)
  for (const [j, root] of ROOTS.entries()) {
    const c = stats(cold[j]!)
    const w = stats(warm[j]!)
    console.log(`[${short(root)}]`)
    console.log(`  up cold → healthy and routed:  ${fmt(c)}   ${(c.median / f.median).toFixed(1)}× the floor, floor + ${((c.median - f.median) / 1000).toFixed(2)} s (goal ≤ + 1.5 s)`)
    console.log(`  up warm → healthy and routed:  ${fmt(w)}   ${(w.median / f.median).toFixed(1)}× the floor, floor + ${((w.median - f.median) / 1000).toFixed(2)} s (goal ≤ + 1 s)`)
  }
  if (ROOTS.length === 2) {
    const r = (xs: number[][]) => (stats(xs[0]!).median / stats(xs[1]!).median).toFixed(2)
    console.log(`this checkout ÷ ${ROOTS[1]}: cold ${r(cold)}×, warm ${r(warm)}×`)
  }
})
