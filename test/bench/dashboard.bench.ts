// Dashboard CPU: the real App rendered by Ink into a fake 120×40 terminal, fed by an in-memory
// source. Prints CPU% of one core while idle (goal < 5%), under a flood of snapshots (the
// redraw throttle at work), with one visible change a second, and the cost of one buildView on a large platform.
import {test} from 'vitest'
import {renderDashboard} from '../../src/ui/dashboard/render.js'
import type {DashboardSnapshot} from '../../src/ui/dashboard/types.js'
import {createUiState} from '../../src/ui/dashboard/ui-state.js'
import {buildView} from '../../src/ui/dashboard/view-model.js'
import {FakeStdin, FakeStdout} from '../ui/dashboard/fake-terminal.js'
import {healthySnapshot, makeAlloc, makeNode} from '../ui/dashboard/fixtures.js'
import {MemorySource} from '../ui/dashboard/memory-source.js'

const SECONDS = 5
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** CPU% of one core used by this process while `during` runs for `ms`. */
async function measureCpu(ms: number, during: (until: number) => Promise<void> = () => sleep(ms)): Promise<number> {
  const start = process.cpuUsage()
  const t0 = performance.now()
  await during(Date.now() + ms)
  const used = process.cpuUsage(start)
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100
}

// Runs React's development build (as vitest and the CLI, with NODE_ENV unset, both do); the
// production build measured ~17% less CPU per redraw.

function mount(source: MemorySource) {
  const stdout = new FakeStdout(120, 40)
  const handle = renderDashboard(source, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream}, {tzOffsetMinutes: 0})
  return {stdout, handle}
}

function bigSnapshot(nodes: number, allocsPerNode: number): DashboardSnapshot {
  const s = healthySnapshot()
  s.nodes = Array.from({length: nodes}, (_, i) => makeNode(`node-${i}`))
  s.allocs = s.nodes.flatMap((n, i) => Array.from({length: allocsPerNode}, (_, j) => makeAlloc(`a-${i}-${j}`, 'web', i * allocsPerNode + j, n.Name)))
  s.events = Array.from({length: 200}, (_, i) => ({time: s.at, kind: 'alloc-started', message: `alloc ${i} started`}))
  return s
}

test('dashboard CPU while idle and under a snapshot flood', async () => {
  const baseline = await measureCpu(SECONDS * 1000)

  const idleSource = new MemorySource(healthySnapshot())
  const idle = mount(idleSource)
  await sleep(500) // first frame and React warm-up
  const writesBefore = idle.stdout.writes.length
  const idleCpu = await measureCpu(SECONDS * 1000)
  const idleWrites = idle.stdout.writes.length - writesBefore
  idle.handle.unmount()
  await idleSource.close()

  const floodSource = new MemorySource(healthySnapshot())
  const flood = mount(floodSource)
  await sleep(500)
  const floodBefore = flood.stdout.writes.length
  let pushed = 0
  const floodCpu = await measureCpu(SECONDS * 1000, async (until) => {
    while (Date.now() < until) {
      floodSource.push(healthySnapshot({at: healthySnapshot().at + ++pushed * 1000}))
      await sleep(10)
    }
  })
  await sleep(200)
  const floodWrites = flood.stdout.writes.length - floodBefore
  flood.handle.unmount()
  await floodSource.close()

  // A steady platform: one visible change a second (the proxies' request rate).
  const steadySource = new MemorySource(healthySnapshot())
  const steady = mount(steadySource)
  await sleep(500)
  const steadyCpu = await measureCpu(SECONDS * 1000, async (until) => {
    for (let i = 1; Date.now() < until; i++) {
      const s = healthySnapshot()
      s.proxies[0]!.requestsPerSec = i
      steadySource.push(s)
      await sleep(1000)
    }
  })
  steady.handle.unmount()
  await steadySource.close()

  const big = bigSnapshot(50, 10)
  const ui = createUiState()
  for (let i = 0; i < 20; i++) buildView(big, ui, {columns: 160, rows: 50})
  const n = 200
  const t0 = performance.now()
  for (let i = 0; i < n; i++) buildView(big, ui, {columns: 160, rows: 50})
  const buildMs = (performance.now() - t0) / n

  console.log(`dashboard bench (${SECONDS} s each, 120×40 fake terminal)`)
  console.log(`  baseline (no dashboard)       CPU ${baseline.toFixed(2)}% of one core`)
  console.log(`  idle, static snapshot         CPU ${idleCpu.toFixed(2)}% of one core (goal < 5%), ${idleWrites} terminal writes, ${(idleCpu - baseline).toFixed(2)} points over baseline`)
  console.log(`  steady, 1 change/s             CPU ${steadyCpu.toFixed(2)}% of one core`)
  console.log(`  flood, ${(pushed / SECONDS).toFixed(0)} snapshots/s       CPU ${floodCpu.toFixed(2)}% of one core, ${(floodWrites / SECONDS).toFixed(1)} redraws/s (throttle: ≤ 10/s), ~${((floodCpu * 10 * SECONDS) / Math.max(1, floodWrites)).toFixed(1)} ms CPU per redraw`)
  console.log(`  buildView, 50 nodes × 10 allocs, 200 events, 160×50: ${buildMs.toFixed(3)} ms per view`)
}, 60_000)
