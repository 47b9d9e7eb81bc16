// Simulation: a virtual cluster, every job placed through the real scheduler, then a report on
// fit, spread, utilisation and placement throughput. The clock is injected so the core stays pure.
import type {Allocation, Evaluation, Job, Node} from '../model/index.js'
import {candidatesOf} from './feasible.js'
import {scheduleOnState} from './schedule.js'
import {buildState, usageIn} from './state.js'
import {nodeCapacity} from './resources.js'
import {explainPlan} from './explain.js'

export interface SimulationInput {
  nodes: Node[]
  jobs: Job[]
  seed?: string
  clock?: () => number // ms, for throughput; absent = no timing
  now?: number
  algorithm?: 'binpack' | 'spread'
}

export interface DimensionUse {
  used: number
  total: number
  percent: number
}

export interface SimulationReport {
  nodes: number
  fits: boolean
  jobs: {id: string; desired: number; placed: number; failed: number; explanations: string[]}[]
  placements: number
  failures: number
  utilisation: {cpu: DimensionUse; memory: DimensionUse; disk: DimensionUse}
  spread: {
    nodesUsed: number
    allocsPerNode: {min: number; max: number; mean: number; stddev: number}
    byDatacenter: Record<string, number>
    byClass: Record<string, number>
  }
  durationMs: number | null
  placementsPerSecond: number | null
}

function use(used: number, total: number): DimensionUse {
  return {used, total, percent: total > 0 ? Math.round((used / total) * 10000) / 100 : 0}
}

export function simulate(input: SimulationInput): SimulationReport {
  const st = buildState(input.nodes, [])
  const jobs: Record<string, Job> = {}
  for (const j of input.jobs) jobs[j.ID] = j
  const snap = {jobs, nodes: input.nodes, allocs: [], deployments: []}
  let seq = 0
  const seed = input.seed ?? 'zdev-simulate'
  const newId = () => `sim-${(seq++).toString(16).padStart(8, '0')}`
  const perNode = new Int32Array(input.nodes.length) // placements by node index
  const report: SimulationReport['jobs'] = []
  let placements = 0
  let failures = 0
  // The nodes each job may use (by datacenters and pool) are indexed with the state, once per
  // snapshot, before the clock starts: the clock times placements.
  for (const j of input.jobs) candidatesOf(st, j)
  const start = input.clock?.()
  for (const job of input.jobs) {
    const ev: Evaluation = {ID: `${seed}/${job.ID}`, Namespace: job.Namespace, Priority: job.Priority, Type: job.Type, TriggeredBy: 'job-register', JobID: job.ID, Status: 'pending', StatusDescription: '', WaitUntil: null, FailedTGAllocs: null, CreateTime: input.now ?? 0}
    let placed = 0
    const tally = (_a: Allocation, i: number) => {
      placed++
      perNode[i]++
    }
    // Placements are tallied as they are made and not kept: memory stays bounded by the nodes.
    const plan = scheduleOnState(st, snap, ev, {now: input.now ?? 0, newId, algorithm: input.algorithm, onPlaced: tally}, true)
    for (const list of Object.values(plan.NodeAllocation)) for (const a of list) tally(a, st.index.get(a.NodeID)!)
    const failed = Object.values(plan.FailedTGAllocs).reduce((n, m) => n + 1 + m.CoalescedFailures, 0)
    const desired = Object.values(plan.Annotations.DesiredTGUpdates).reduce((n, u) => n + u.Place, 0)
    placements += placed
    failures += failed
    report.push({id: job.ID, desired, placed, failed, explanations: failed > 0 ? explainPlan(plan).filter((l) => l.startsWith('Placement failed')) : []})
  }
  const durationMs = start !== undefined && input.clock ? input.clock() - start : null
  let cpu = 0, mem = 0, disk = 0, tcpu = 0, tmem = 0, tdisk = 0
  for (let i = 0; i < input.nodes.length; i++) {
    const u = usageIn(st.res, undefined, i)
    const c = nodeCapacity(input.nodes[i]!)
    cpu += u.cpu
    mem += u.mem
    disk += u.disk
    tcpu += c.cpu
    tmem += c.mem
    tdisk += c.disk
  }
  const counts = Array.from(perNode)
  const byDatacenter: Record<string, number> = {}
  const byClass: Record<string, number> = {}
  input.nodes.forEach((node, i) => {
    if (perNode[i] === 0) return
    byDatacenter[node.Datacenter] = (byDatacenter[node.Datacenter] ?? 0) + perNode[i]!
    byClass[node.NodeClass || '(none)'] = (byClass[node.NodeClass || '(none)'] ?? 0) + perNode[i]!
  })
  const mean = counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0
  const variance = counts.length ? counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length : 0
  return {
    nodes: input.nodes.length,
    fits: failures === 0,
    jobs: report,
    placements,
    failures,
    utilisation: {cpu: use(cpu, tcpu), memory: use(mem, tmem), disk: use(disk, tdisk)},
    spread: {
      nodesUsed: counts.filter((c) => c > 0).length,
      allocsPerNode: {min: counts.length ? counts.reduce((a, b) => Math.min(a, b)) : 0, max: counts.length ? counts.reduce((a, b) => Math.max(a, b)) : 0, mean: Math.round(mean * 100) / 100, stddev: Math.round(Math.sqrt(variance) * 100) / 100},
      byDatacenter,
      byClass,
    },
    durationMs,
    placementsPerSecond: durationMs !== null && durationMs > 0 ? Math.round((placements / durationMs) * 1000) : null,
  }
}
