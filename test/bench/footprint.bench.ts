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

/** One sample per role into `into`: the mean PSS of that role's processes. */
function addPssPerRole(into: Map<string, number[]>, procs: {pid: number; role: string}[]): void {
  const byRole = new Map<string, number[]>()
  for (const x of procs) byRole.set(x.role, [...(byRole.get(x.role) ?? []), memoryOf([x.pid]).pss])
  for (const [role, pss] of byRole) into.set(role, [...(into.get(role) ?? []), pss.reduce((a, b) => a + b, 0) / pss.length])
}

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
      addPssPerRole(floorRoles, f.pids.map((pid) => ({pid, role: commOf(pid)})))
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
      addPssPerRole(plat[j]!.roles, procs.map((x) => ({pid: x.pid, role: roleOf(x.pid, x.comm)})))
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
