// Scheduler placement benchmarks, run the way a server runs the scheduler: each measured
// configuration in its own plain `node` process (no vitest, no TS transform) over the built
// dist/ scheduler (`npm run build` first). The parent only builds the job templates, orchestrates
// and prints. Figures are placements per CPU-second of the child process:
//  1. by cluster size: 500 / 5,000 / 50,000 virtual nodes (one child per size, holding its
//     cluster as a server holds its one), jobs of 10 allocations without and with a spread
//     (the samples' `spread { attribute = "${node.unique.id}" }`);
//  2. the C1M shape: 5,000 nodes, 1,000 jobs × 1,000 allocations, beside Nomad's published rate
//     (1,000,000 containers on 5,000 hosts in under 5 minutes ≈ 3,750 placements/s).
// What is timed: simulate()'s evaluation loop, i.e. for every job one evaluation (reconcile,
// feasibility, ranking, the limit and max-score selection, building each allocation, usage
// updates) and the tally of each placement. Not timed, as in Nomad's C1M where the hosts are
// registered before the jobs are submitted: starting the child, building the virtual nodes and
// the synthetic jobs, indexing the nodes (once per node list), the per-run usage array and the
// per-scope candidate lists. The clock is the child's CPU time, collections of the evaluations'
// garbage included. Two young-generation collections run before each run's clock starts, so
// that the jobs just built are not promoted on the clock (a server's jobs are long in its state
// when it places them); not a full one: V8 then shrinks the young generation, and the run pays
// for many more collections until it has grown back (2-3× the cost per placement). The cost per
// placement of the whole simulate() call (its per-run state over every node and its report too)
// is printed beside.
// Rounds are interleaved (every size and mode once per round, the size order alternating
// 500→50,000 and 50,000→500) and reported as min/median/max; the cost ratios are given both as
// the ratio of the medians and as the median of each round's own ratio. Nothing is asserted on
// time. ZDEV_BENCH_ROUNDS (default 5), ZDEV_BENCH_JOBS (jobs of 10 allocations per no-spread run,
// default 3,000; the spread runs take a tenth) and ZDEV_C1M_JOBS (default 1,000) scale the runs.
// Each child first does two unmeasured runs per mode, as long as measured ones (JIT and GC settle).
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import os from 'node:os'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterAll, test} from 'vitest'
import type {Job} from '../../src/model/index.js'
import {makeJob, makeTask} from '../scheduler/fixtures.js'

const NOMAD_C1M_RATE = 3750
const ROUNDS = Number(process.env.ZDEV_BENCH_ROUNDS ?? 5)
const C1M_JOBS = Number(process.env.ZDEV_C1M_JOBS ?? 1000)
const SIZE_JOBS = Number(process.env.ZDEV_BENCH_JOBS ?? 3000)
const SIZES = [500, 5000, 50_000]
// a fresh node process is 2-3× slower for its first two runs of this length (JIT tiers)
const WARM_RUNS = 2
const DIST = fileURLToPath(new URL('../../dist/scheduler/index.js', import.meta.url))

function template(count: number, spread: boolean): Job {
  return makeJob({ID: 'bench', Name: 'bench'}, [
    {
      Name: 'g',
      Count: count,
      EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 10},
      Spreads: spread ? [{Attribute: '${node.unique.id}', Weight: 50, SpreadTarget: null}] : null,
      Tasks: [makeTask({Name: 'redis', Driver: 'docker', Resources: {CPU: 20, MemoryMB: 32}})],
    },
  ])
}

// The child: builds its cluster once, then runs simulate() on request. Jobs are deep copies of
// the template with their own ids, built before the clock starts.
const CHILD = `
import {buildVirtualNodes, parseNodeSpec, simulate} from ${JSON.stringify(pathToFileURL(DIST).href)}
const spec = parseNodeSpec('cpu=8000,memory=16384,disk=100000')
if ('error' in spec) throw new Error(spec.error)
const cluster = buildVirtualNodes(Number(process.argv[1]), [spec.spec])
const cpuClock = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
process.on('message', (m) => {
  if (m.kind === 'exit') return process.disconnect()
  const jobs = Array.from({length: m.jobs}, (_, i) => ({...structuredClone(m.template), ID: m.prefix + '-' + i, Name: m.prefix + '-' + i}))
  gc({type: 'minor'})
  gc({type: 'minor'})
  const t0 = cpuClock()
  const r = simulate({nodes: cluster, jobs, seed: m.seed, clock: cpuClock})
  process.send({rate: r.placementsPerSecond ?? 0, placed: r.placements, failed: r.failures, ms: r.durationMs, wholeMs: cpuClock() - t0})
})
process.send({ready: true})
`

interface Result {
  rate: number
  placed: number
  failed: number
  ms: number
  wholeMs: number // the whole simulate() call: its per-run state and report as well
}

interface Child {
  proc: ChildProcess
  run(template: Job, jobs: number, seed: string, prefix: string): Promise<Result>
  close(): void
}

const children: Child[] = []
afterAll(() => {
  for (const c of children) c.close()
})

async function startChild(nodes: number): Promise<Child> {
  const proc = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD, String(nodes)], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']})
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`scheduler bench child (${nodes} nodes) exited with ${code}`))
      proc.once('exit', onExit)
      proc.once('message', (m) => {
        proc.off('exit', onExit)
        resolve(m)
      })
    })
  await next()
  const child: Child = {
    proc,
    async run(t, jobs, seed, prefix) {
      const reply = next()
      proc.send({kind: 'run', template: t, jobs, seed, prefix})
      return (await reply) as Result
    },
    close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill()
    },
  }
  children.push(child)
  return child
}

function stats(xs: number[]): {min: number; median: number; max: number} {
  const s = xs.slice().sort((a, b) => a - b)
  return {min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)!}
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const row = (xs: number[]) => {
  const s = stats(xs)
  return `${fmt(s.median).padStart(9)}/s  (min ${fmt(s.min)}, max ${fmt(s.max)}; ${(1e6 / s.median).toFixed(1)} µs per placement)`
}
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ')

test('dist/ is built', () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (the benchmark times the built scheduler)`)
})

test('placements per CPU-second by cluster size, without and with spread', async () => {
  const modes = [
    {name: 'no spread', spread: false, jobs: SIZE_JOBS},
    {name: 'spread', spread: true, jobs: Math.max(1, Math.round(SIZE_JOBS / 10))},
  ]
  const byMode = new Map(modes.map((m) => [m.name, template(10, m.spread)]))
  const procs = new Map<number, Child>()
  for (const n of SIZES) procs.set(n, await startChild(n))
  const loadBefore = load()
  for (let w = 0; w < WARM_RUNS; w++) for (const n of SIZES) for (const m of modes) await procs.get(n)!.run(byMode.get(m.name)!, m.jobs, `warm-${w}-${n}`, `warm${w}`)
  const rates = new Map<string, number[]>()
  const whole = new Map<string, number[]>() // µs per placement, the whole simulate() call
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? SIZES : SIZES.slice().reverse()
    for (const n of order) {
      for (const m of modes) {
        const r = await procs.get(n)!.run(byMode.get(m.name)!, m.jobs, `size-${round}-${n}`, `r${round}`)
        if (r.failed > 0) throw new Error(`${r.failed} placements failed at ${n} nodes (${m.name})`)
        const key = `${m.name}|${n}`
        rates.set(key, [...(rates.get(key) ?? []), r.rate])
        whole.set(key, [...(whole.get(key) ?? []), (r.wholeMs * 1000) / r.placed])
      }
    }
  }
  for (const c of procs.values()) c.close()
  const lines = [
    `Scheduler placements per CPU-second by cluster size (jobs of 10 allocations; ${ROUNDS} interleaved rounds; load average ${loadBefore} before, ${load()} after)`,
    '  timed: the evaluations (reconcile, feasibility, ranking, selection, allocations) of dist/ in a plain node process per cluster size;',
    '  not timed: starting it, building the nodes, jobs and per-run indexes (the whole simulate() call, per-run state and report included, is the last figure)',
  ]
  for (const m of modes) {
    lines.push(`  ${m.name} (${m.jobs} jobs × 10 per run):`)
    for (const n of SIZES) lines.push(`    ${fmt(n).padStart(6)} nodes: ${row(rates.get(`${m.name}|${n}`)!)}; whole simulate() call ${stats(whole.get(`${m.name}|${n}`)!).median.toFixed(1)} µs per placement`)
    const of = (n: number) => rates.get(`${m.name}|${n}`)!
    // cost per placement at `big` nodes over that at `small`: the ratio of the median rates, and
    // the median of the rounds' own ratios
    const ratio = (small: number, big: number) => {
      const perRound = of(small).map((r, k) => r / of(big)[k]!)
      return `${(stats(of(small)).median / stats(of(big)).median).toFixed(2)}× (by round ${stats(perRound).median.toFixed(2)}×)`
    }
    const goal = m.spread ? 'goal ≤ 12× per 10× nodes' : 'goal ≤ 1.5× at 50,000 vs 500'
    lines.push(`    cost per placement: 5,000 vs 500 nodes ${ratio(500, 5000)}, 50,000 vs 5,000 ${ratio(5000, 50_000)}, 50,000 vs 500 ${ratio(500, 50_000)}; ${goal}`)
  }
  console.log(lines.join('\n'))
}, 900_000)

test(`C1M shape: 5,000 nodes, ${C1M_JOBS} jobs × 1,000 allocations`, async () => {
  const t = template(1000, false)
  const child = await startChild(5000)
  const loadBefore = load()
  for (let w = 0; w < WARM_RUNS; w++) await child.run(t, 20, `warm-${w}`, `warm${w}`)
  const rates: number[] = []
  let placed = 0
  for (let round = 0; round < ROUNDS; round++) {
    const r = await child.run(t, C1M_JOBS, `c1m-${round}`, `c1m${round}`)
    if (r.failed > 0) throw new Error(`${r.failed} placements failed`)
    rates.push(r.rate)
    placed = r.placed
  }
  child.close()
  const s = stats(rates)
  console.log(
    [
      `C1M-shaped scheduler benchmark (5,000 nodes, ${C1M_JOBS} jobs × 1,000 = ${fmt(placed)} placements per round, ${ROUNDS} rounds; dist/ in a plain node process; load average ${loadBefore} before, ${load()} after)`,
      `  zdev:      ${row(rates)} per CPU-second (one core)`,
      `  Nomad C1M: ${fmt(NOMAD_C1M_RATE).padStart(9)}/s  (published: 1,000,000 containers on 5,000 hosts in < 5 min, whole cluster)`,
      `  ratio:     ${(s.median / NOMAD_C1M_RATE).toFixed(1)}× (min ${(s.min / NOMAD_C1M_RATE).toFixed(1)}×, max ${(s.max / NOMAD_C1M_RATE).toFixed(1)}×; goal ≥ 20× per core)`,
    ].join('\n'),
  )
}, 900_000)
