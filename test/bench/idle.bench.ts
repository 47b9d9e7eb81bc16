import {afterAll, test} from 'vitest'
import {cleanupPlatforms, cpuTicks, down, FIXTURE_AGENTS, fixturePlatform, fmt, idleFloor, loadAvg, platformProcesses, ROOTS, short, sleep, stats, upToRouted} from './fixture-platform.js'
import {commOf, roleOf} from './process-role.js'

// Idle CPU: what the fixture platform's own processes (the supervisor, etcd ×3, the agents and
// their watchdog shells; not the tasks) burn over ZDEV_IDLE_SECONDS (default 60) once up, routed and settled, next to
// the floor in the same rounds: 3 idle etcd + one idle `node` per agent, over as long.
// Goal: ≤ 1.3× the floor. ZDEV_BENCH_ROUNDS (default 2), ZDEV_SETTLE_S (default 5),
// ZDEV_BENCH_COMPARE adds another checkout to the same rounds.
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 2)
const SECONDS = Number(process.env.ZDEV_IDLE_SECONDS ?? 60)
const SETTLE_MS = Number(process.env.ZDEV_SETTLE_S ?? 5) * 1000
const HZ = 100 // USER_HZ

/** % of one core used by these processes over the window, in all and summed by role. */
async function cpuPercent(procs: {pid: number; role: string}[]): Promise<{total: number; roles: Map<string, number>}> {
  const before = procs.map((p) => cpuTicks([p.pid]))
  const t0 = performance.now()
  await sleep(SECONDS * 1000)
  const s = (performance.now() - t0) / 1000
  const roles = new Map<string, number>()
  let total = 0
  procs.forEach((p, i) => {
    const pct = (100 * (cpuTicks([p.pid]) - before[i]!)) / HZ / s
    total += pct
    roles.set(p.role, (roles.get(p.role) ?? 0) + pct)
  })
  return {total, roles}
}

type Rounds = {total: number[]; roles: Map<string, number[]>}
const rounds = (): Rounds => ({total: [], roles: new Map()})
function record(r: Rounds, x: {total: number; roles: Map<string, number>}): void {
  r.total.push(x.total)
  for (const [role, pct] of x.roles) r.roles.set(role, [...(r.roles.get(role) ?? []), pct])
}
const byRole = (r: Rounds) => [...r.roles].sort().map(([role, xs]) => `${role} ${stats(xs).median.toFixed(2)}`).join(', ')

afterAll(cleanupPlatforms, 300_000)

test(`idle CPU over ${SECONDS} s vs 3 idle etcd + one idle node per agent`, {timeout: ROUNDS * ROOTS.length * (2 * SECONDS * 1000 + 240_000)}, async () => {
  const floor = rounds()
  const plat = ROOTS.map(rounds)
  const load = [loadAvg()]
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, root] of ROOTS.entries()) {
      const f = await idleFloor(FIXTURE_AGENTS)
      await sleep(SETTLE_MS)
      record(floor, await cpuPercent(f.pids.map((pid) => ({pid, role: commOf(pid)}))))
      f.stop()
      const p = await fixturePlatform(`idle${i}x${j}`, root)
      await upToRouted(p)
      await sleep(SETTLE_MS)
      record(plat[j]!, await cpuPercent(platformProcesses(p).map((x) => ({pid: x.pid, role: roleOf(x.pid, x.comm)}))))
      await down(p, true)
    }
    load.push(loadAvg())
  }
  const f = stats(floor.total)
  console.log(`\nidle CPU, ${ROUNDS} interleaved rounds of ${SECONDS} s after ${SETTLE_MS / 1000} s settle; load average ${load.join(' → ')}`)
  console.log(`floor (3 idle etcd + ${FIXTURE_AGENTS} idle node):  ${fmt(f, '% of a core', 2)}`)
  console.log(`  % of a core per role, summed (median over rounds): ${byRole(floor)}`)
  for (const [j, root] of ROOTS.entries()) {
    const p = stats(plat[j]!.total)
    console.log(`[${short(root)}] platform:  ${fmt(p, '% of a core', 2)}   ratio ${(p.median / f.median).toFixed(2)}× the floor (goal ≤ 1.3×)`)
    console.log(`  % of a core per role, summed (median over rounds): ${byRole(plat[j]!)}`)
  }
})
