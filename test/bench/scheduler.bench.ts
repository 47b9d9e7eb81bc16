// Scheduler placement benchmarks through the real scheduler (pure placement: no KV, no network),
// in placements per CPU-second of this process:
//  1. by cluster size: 500 / 5,000 / 50,000 virtual nodes, jobs of 10 allocations without and
//     with a spread (the samples' `spread { attribute = "${node.unique.id}" }`);
//  2. the C1M shape: 5,000 nodes, 1,000 jobs × 1,000 allocations, beside Nomad's published rate
//     (1,000,000 containers on 5,000 hosts in under 5 minutes ≈ 3,750 placements/s).
// What is timed: simulate()'s evaluation loop, i.e. for every job one evaluation (reconcile,
// feasibility, ranking, the limit and max-score selection, building each allocation, usage
// updates) and the tally of each placement. Not timed, as in Nomad's C1M where the hosts are
// registered before the jobs are submitted: building the virtual nodes and the synthetic jobs,
// indexing the nodes (once per node list), the per-run usage array and the per-scope candidate
// lists. The clock is this process's CPU time (garbage collection included).
// Rounds are interleaved (every size and mode once per round) and reported as min/median/max;
// the cost ratios are given both as the ratio of the medians and as the median of each round's
// own ratio (its sizes ran back to back, so load from other processes hits them alike). Nothing
// is asserted on time. ZDEV_BENCH_ROUNDS (default 5), ZDEV_BENCH_JOBS (jobs of 10 allocations
// per no-spread run, default 3,000; the spread runs take a tenth) and ZDEV_C1M_JOBS (default
// 1,000) scale the runs. Each cluster size gets one unmeasured run first (JIT and GC settle).
import os from 'node:os'
import {test} from 'vitest'
import type {Job, Node} from '../../src/model/index.js'
import {buildVirtualNodes, parseNodeSpec, simulate} from '../../src/scheduler/index.js'
import {makeJob, makeTask} from '../scheduler/fixtures.js'

const NOMAD_C1M_RATE = 3750
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 5)
const C1M_JOBS = Number(process.env.ZDEV_C1M_JOBS ?? 1000)
const SIZE_JOBS = Number(process.env.ZDEV_BENCH_JOBS ?? 3000)
const SIZES = [500, 5000, 50_000]

function nodes(n: number): Node[] {
  const spec = parseNodeSpec('cpu=8000,memory=16384,disk=100000')
  if ('error' in spec) throw new Error(spec.error)
  return buildVirtualNodes(n, [spec.spec])
}

function jobs(n: number, count: number, spread: boolean, prefix: string): Job[] {
  return Array.from({length: n}, (_, i) =>
    makeJob({ID: `${prefix}-${i}`, Name: `${prefix}-${i}`}, [
      {
        Name: 'g',
        Count: count,
        EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 10},
        Spreads: spread ? [{Attribute: '${node.unique.id}', Weight: 50, SpreadTarget: null}] : null,
        Tasks: [makeTask({Name: 'redis', Driver: 'docker', Resources: {CPU: 20, MemoryMB: 32}})],
      },
    ]),
  )
}

// simulate() times its placement loop with the clock it is given: this one reads the process's
// CPU time, so indexing the virtual cluster (once per run) is not billed to placements.
const cpuClock = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Placements per CPU-second of one simulate() run. */
function measure(cluster: Node[], work: Job[], seed: string): {rate: number; placed: number; failed: number} {
  const r = simulate({nodes: cluster, jobs: work, seed, clock: cpuClock})
  return {rate: r.placementsPerSecond ?? 0, placed: r.placements, failed: r.failures}
}

function stats(xs: number[]): {min: number; median: number; max: number} {
  const s = xs.slice().sort((a, b) => a - b)
  return {min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)!}
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const row = (xs: number[]) => {
  const s = stats(xs)
  return `${fmt(s.median).padStart(9)}/s  (min ${fmt(s.min)}, max ${fmt(s.max)})`
}

test('placements per CPU-second by cluster size, without and with spread', () => {
  const clusters = new Map(SIZES.map((n) => [n, nodes(n)]))
  simulate({nodes: nodes(300), jobs: jobs(20, 10, true, 'warm'), seed: 'warm'}) // JIT warm-up
  const modes = [
    {name: 'no spread', spread: false, jobs: SIZE_JOBS},
    {name: 'spread', spread: true, jobs: Math.max(1, Math.round(SIZE_JOBS / 10))},
  ]
  for (const n of SIZES) for (const m of modes) measure(clusters.get(n)!, jobs(Math.ceil(m.jobs / 10), 10, m.spread, 'warm'), `warm-${n}`)
  const rates = new Map<string, number[]>()
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of SIZES) {
      for (const m of modes) {
        const r = measure(clusters.get(n)!, jobs(m.jobs, 10, m.spread, `r${round}`), `size-${round}-${n}`)
        if (r.failed > 0) throw new Error(`${r.failed} placements failed at ${n} nodes (${m.name})`)
        const key = `${m.name}|${n}`
        rates.set(key, [...(rates.get(key) ?? []), r.rate])
      }
    }
  }
  const lines = [
    `Scheduler placements per CPU-second by cluster size (jobs of 10 allocations; median of ${ROUNDS} interleaved rounds; load ${os.loadavg()[0]!.toFixed(1)})`,
    '  timed: the evaluations (reconcile, feasibility, ranking, selection, allocations); not timed: building the nodes, jobs and per-run indexes',
  ]
  for (const m of modes) {
    lines.push(`  ${m.name} (${m.jobs} jobs × 10 per run):`)
    for (const n of SIZES) lines.push(`    ${fmt(n).padStart(6)} nodes: ${row(rates.get(`${m.name}|${n}`)!)}`)
    const of = (n: number) => rates.get(`${m.name}|${n}`)!
    // cost per placement at `big` nodes over that at `small`: the ratio of the median rates, and
    // the median of the rounds' own ratios
    const ratio = (small: number, big: number) => {
      const perRound = of(small).map((r, k) => r / of(big)[k]!)
      return `${(stats(of(small)).median / stats(of(big)).median).toFixed(2)}× (by round ${stats(perRound).median.toFixed(2)}×)`
    }
    const goal = m.spread ? '≤ 12× per 10× nodes' : '≤ 1.5× at 50,000 vs 500'
    lines.push(`    cost per placement: 5,000 vs 500 nodes ${ratio(500, 5000)}, 50,000 vs 5,000 ${ratio(5000, 50_000)}, 50,000 vs 500 ${ratio(500, 50_000)}; goal ${goal}`)
  }
  console.log(lines.join('\n'))
}, 600_000)

test(`C1M shape: 5,000 nodes, ${C1M_JOBS} jobs × 1,000 allocations`, () => {
  const cluster = nodes(5000)
  simulate({nodes: nodes(200), jobs: jobs(5, 1000, false, 'warm'), seed: 'warm'})
  const rates: number[] = []
  let placed = 0
  for (let round = 0; round < ROUNDS; round++) {
    const r = measure(cluster, jobs(C1M_JOBS, 1000, false, `c1m${round}`), `c1m-${round}`)
    if (r.failed > 0) throw new Error(`${r.failed} placements failed`)
    rates.push(r.rate)
    placed = r.placed
  }
  const s = stats(rates)
  console.log(
    [
      `C1M-shaped scheduler benchmark (5,000 nodes, ${C1M_JOBS} jobs × 1,000 = ${fmt(placed)} placements per round, ${ROUNDS} rounds; load ${os.loadavg()[0]!.toFixed(1)})`,
      `  zdev:      ${row(rates)} per CPU-second (one core)`,
      `  Nomad C1M: ${fmt(NOMAD_C1M_RATE).padStart(9)}/s  (published: 1,000,000 containers on 5,000 hosts in < 5 min, whole cluster)`,
      `  ratio:     ${(s.median / NOMAD_C1M_RATE).toFixed(1)}× (min ${(s.min / NOMAD_C1M_RATE).toFixed(1)}×, max ${(s.max / NOMAD_C1M_RATE).toFixed(1)}×; goal ≥ 20× per core)`,
    ].join('\n'),
  )
}, 900_000)
