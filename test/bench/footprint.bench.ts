import {afterAll, test} from 'vitest'
import {cleanupPlatforms, down, FIXTURE_AGENTS, fixturePlatform, fmt, idleFloor, loadAvg, memoryOf, platformProcesses, processMix, ROOTS, short, sleep, stats, upToRouted} from './fixture-platform.js'
import {commOf, roleOf} from './process-role.js'

// Whole-platform memory: PSS and RSS (/proc/<pid>/smaps_rollup) of every platform process of
// the fixture platform once up, routed and settled — every process labelled with its state dir:
// the supervisor(s), etcd ×3, the agents and their watchdog shells; not the tasks (see
// platformProcesses) — next to the floor measured in the same rounds: 3 idle etcd (a formed quorum)
// and one idle `node` per agent. Goal: PSS ≤ 1.5× the floor. ZDEV_BENCH_ROUNDS (default 3),
// ZDEV_SETTLE_S (default 5), ZDEV_BENCH_COMPARE adds another checkout to the same rounds.
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 3)
const SETTLE_MS = Number(process.env.ZDEV_SETTLE_S ?? 5) * 1000

afterAll(cleanupPlatforms, 300_000)

test('whole-platform PSS and RSS vs 3 idle etcd + one idle node per agent', {timeout: ROUNDS * ROOTS.length * 240_000}, async () => {
  const floor = {pss: [] as number[], rss: [] as number[]}
  const floorRoles = new Map<string, number[]>()
  const plat = ROOTS.map(() => ({pss: [] as number[], rss: [] as number[], procs: 0, mix: '', roles: new Map<string, number[]>()}))
  const load = [loadAvg()]
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, root] of ROOTS.entries()) {
      const f = await idleFloor(FIXTURE_AGENTS)
      await sleep(SETTLE_MS)
      const fm = memoryOf(f.pids)
      floor.pss.push(fm.pss)
      floor.rss.push(fm.rss)
      for (const role of new Set(f.pids.map(commOf))) floorRoles.set(role, [...(floorRoles.get(role) ?? []), memoryOf(f.pids.filter((x) => commOf(x) === role)).pss / f.pids.filter((x) => commOf(x) === role).length])
      f.stop()
      const p = await fixturePlatform(`mem${i}x${j}`, root)
      await upToRouted(p)
      await sleep(SETTLE_MS)
      const procs = platformProcesses(p)
      const pm = memoryOf(procs.map((x) => x.pid))
      plat[j]!.pss.push(pm.pss)
      plat[j]!.rss.push(pm.rss)
      plat[j]!.procs = procs.length
      plat[j]!.mix = processMix(procs)
      const byRole = new Map<string, {pss: number; n: number}>()
      for (const x of procs) {
        const r = byRole.get(roleOf(x.pid, x.comm)) ?? {pss: 0, n: 0}
        byRole.set(roleOf(x.pid, x.comm), {pss: r.pss + memoryOf([x.pid]).pss, n: r.n + 1})
      }
      for (const [role, r] of byRole) plat[j]!.roles.set(role, [...(plat[j]!.roles.get(role) ?? []), r.pss / r.n])
      await down(p, true)
    }
    load.push(loadAvg())
  }
  const [fp, fr] = [stats(floor.pss), stats(floor.rss)]
  console.log(`\nplatform footprint, ${ROUNDS} interleaved rounds, ${SETTLE_MS / 1000} s settle; load average ${load.join(' → ')}`)
  console.log(`floor (3 idle etcd + ${FIXTURE_AGENTS} idle node):  PSS ${fmt(fp, 'MiB', 1)}   RSS ${fmt(fr, 'MiB', 1)}`)
  console.log(`  PSS per process (median over rounds): ${[...floorRoles].sort().map(([role, xs]) => `${role} ${stats(xs).median.toFixed(1)}`).join(', ')} MiB`)
  for (const [j, root] of ROOTS.entries()) {
    const [pp, pr] = [stats(plat[j]!.pss), stats(plat[j]!.rss)]
    console.log(`[${short(root)}] platform (${plat[j]!.procs} processes: ${plat[j]!.mix}):  PSS ${fmt(pp, 'MiB', 1)}   RSS ${fmt(pr, 'MiB', 1)}`)
    console.log(`  ratio: PSS ${(pp.median / fp.median).toFixed(2)}× the floor (goal ≤ 1.5×), RSS ${(pr.median / fr.median).toFixed(2)}×`)
    console.log(`  PSS per process (median over rounds): ${[...plat[j]!.roles].sort().map(([role, xs]) => `${role} ${stats(xs).median.toFixed(1)}`).join(', ')} MiB`)
  }
})
