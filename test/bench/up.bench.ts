import {afterAll, test} from 'vitest'
import {bareEtcd3, cleanupPlatforms, down, fixturePlatform, fmt, loadAvg, ROOTS, short, stats, upToRouted} from './fixture-platform.js'

// `zdev up` of the real fixture platform (3 etcd, a server, 3 nodes, 2 proxies, whoami ×3,
// counter ×2), from spawning the CLI to every route answering /health through both proxies:
// cold (a new folder) and warm (after `down`, data kept), next to the floor measured in the same
// rounds: the same 3 etcd members started bare, as zdev starts them, until all say healthy.
// Goals: cold ≤ floor + 1.5 s, warm ≤ floor + 1 s. Beside it, what `up` takes after its own
// quorum wait ended (read from its ZDEV_TRACE lines): the same goal without the election's noise.
// ZDEV_BENCH_ROUNDS (default 7); ZDEV_BENCH_ROOT measures another checkout; ZDEV_BENCH_COMPARE
// adds one (e.g. the code before a change) to the same rounds.
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 7)

afterAll(cleanupPlatforms, 300_000)

interface Series {
  ms: number[]
  quorum: number[]
}

const series = (): Series => ({ms: [], quorum: []})
const push = (s: Series, r: {ms: number; quorumMs: number}) => (s.ms.push(r.ms), s.quorum.push(r.quorumMs))
const after = (s: Series) => s.ms.map((m, i) => m - s.quorum[i]!)

test('zdev up → healthy and routed (fixture platform) vs bare etcd ×3', {timeout: ROUNDS * ROOTS.length * 200_000}, async () => {
  const floor: number[] = []
  const cold = ROOTS.map(series)
  const warm = ROOTS.map(series)
  const load = [loadAvg()]
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, root] of ROOTS.entries()) {
      const bare = await bareEtcd3()
      floor.push(bare.ms)
      bare.stop()
      const p = await fixturePlatform(`up${i}x${j}`, root)
      push(cold[j]!, await upToRouted(p))
      await down(p)
      push(warm[j]!, await upToRouted(p))
      await down(p, true)
    }
    load.push(loadAvg())
  }
  const f = stats(floor)
  console.log(`\nzdev up, ${ROUNDS} interleaved rounds; load average ${load.join(' → ')}`)
  console.log(`floor: bare etcd ×3 started as zdev starts them → all /health ok:  ${fmt(f)}`)
  for (const [j, root] of ROOTS.entries()) {
    console.log(`[${short(root)}]`)
    for (const [what, s, goal] of [['cold', cold[j]!, 1.5], ['warm', warm[j]!, 1]] as const) {
      const t = stats(s.ms)
      console.log(`  up ${what} → healthy and routed:  ${fmt(t)}   ${(t.median / f.median).toFixed(1)}× the floor, floor + ${((t.median - f.median) / 1000).toFixed(2)} s (goal ≤ + ${goal} s)`)
      console.log(`    its own quorum wait ended at:  ${fmt(stats(s.quorum))}; after it → routed:  ${fmt(stats(after(s)))} (goal ≤ ${goal * 1000} ms)`)
    }
  }
  if (ROOTS.length === 2) {
    const r = (xs: Series[], f: (s: Series) => number[] = (s) => s.ms) => (stats(f(xs[0]!)).median / stats(f(xs[1]!)).median).toFixed(2)
    console.log(`this checkout ÷ ${ROOTS[1]}: cold ${r(cold)}×, warm ${r(warm)}×; after the quorum: cold ${r(cold, after)}×, warm ${r(warm, after)}×`)
  }
})
