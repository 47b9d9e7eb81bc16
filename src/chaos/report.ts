import {formatMs} from './duration.js'
import {isFault} from './expect.js'
import {compareInventories, lossCount, type InventoryLoss} from './inventory.js'
import {loadFigures, type LoadFigures} from './stats.js'
import type {FaultEvent, Inventory, Sample, Thresholds} from './types.js'

// The chaos report from what the run recorded: per fault its detection and recovery times and
// the requests that failed while it lasted; the whole load's availability and latency; what was
// lost. Verdict lines name the fault or step and say why. Pure.

export interface FaultReport {
  id: string
  kind: FaultEvent['kind']
  action: string
  target: string
  line?: number
  /** ms since the run began. */
  atMs: number
  detectMs: number | null
  recoverMs: number | null
  requests: number
  failedRequests: number
  passed: boolean
  reasons: string[]
  message?: string
}

export interface ChaosReport {
  mode: 'random' | 'scenario'
  cluster: string
  scenario?: string
  seed?: number
  startedAt: string
  durationMs: number
  load: LoadFigures & {ratePerSec: number}
  faults: FaultReport[]
  data: {before: {jobs: number; allocations: number; kvKeys: number}; lost: InventoryLoss}
  thresholds: Partial<Thresholds>
  passed: boolean
  failures: string[]
}

export interface ReportInput {
  mode: 'random' | 'scenario'
  cluster: string
  scenario?: string
  seed?: number
  runStart: number
  runEnd: number
  samples: readonly Sample[]
  events: readonly FaultEvent[]
  before: Inventory
  after: Inventory
  thresholds: Partial<Thresholds>
}

export function buildReport(x: ReportInput): ChaosReport {
  const sorted = [...x.events].sort((a, b) => a.injectedAt - b.injectedAt)
  const faults = sorted.map((e, i) => faultReport(e, sorted[i + 1]?.injectedAt ?? x.runEnd, x))
  const load = loadFigures(x.samples)
  const failures = faults.flatMap((f) => f.reasons.map((r) => `${f.id}${f.line !== undefined ? ` (line ${f.line})` : ''} ${f.action} ${f.target}: ${r}`))
  const min = x.thresholds.minAvailability
  if (load.requests === 0) failures.push('load: no request was sent (no routed service answered)')
  else if (min !== undefined && load.availability! < min) failures.push(`availability: ${load.availability}% is below --min-availability ${min}% (${load.failed} of ${load.requests} requests failed)`)
  const lost = compareInventories(x.before, x.after)
  if (lost.jobs.length) failures.push(`data: jobs lost: ${lost.jobs.join(', ')}`)
  if (lost.allocations.length) failures.push(`data: allocations lost: ${lost.allocations.join('; ')}`)
  if (lost.kvKeys.length) failures.push(`data: ${lost.kvKeys.length} KV key(s) lost: ${lost.kvKeys.slice(0, 5).join(', ')}${lost.kvKeys.length > 5 ? ' …' : ''}`)
  const seconds = Math.max(0.001, (x.runEnd - x.runStart) / 1000)
  return {
    mode: x.mode,
    cluster: x.cluster,
    ...(x.scenario !== undefined ? {scenario: x.scenario} : {}),
    ...(x.seed !== undefined ? {seed: x.seed} : {}),
    startedAt: new Date(x.runStart).toISOString(),
    durationMs: x.runEnd - x.runStart,
    load: {...load, ratePerSec: Math.round((load.requests / seconds) * 10) / 10},
    faults,
    data: {before: {jobs: Object.keys(x.before.jobs).length, allocations: sum(Object.values(x.before.running)), kvKeys: x.before.kvKeys.length}, lost},
    thresholds: x.thresholds,
    passed: failures.length === 0 && lossCount(lost) === 0,
    failures,
  }
}

function faultReport(e: FaultEvent, nextAt: number, x: ReportInput): FaultReport {
  const end = e.recoveredAt ?? (isFault(e) ? x.runEnd : nextAt)
  const fig = loadFigures(x.samples, e.injectedAt, Math.max(end, e.injectedAt + 1))
  const reasons: string[] = []
  const recoverMs = e.recoveredAt === null ? null : e.recoveredAt - e.injectedAt
  if (e.error) reasons.push(e.error)
  else if (isFault(e)) {
    const max = x.thresholds.maxRecoveryMs
    if (recoverMs === null) reasons.push(`not routed and healthy again by the end of the run (${formatMs(x.runEnd - e.injectedAt)} after the fault)`)
    else if (max !== undefined && recoverMs > max) reasons.push(`recovered after ${formatMs(recoverMs)}, above --max-recovery ${formatMs(max)} (${fig.failed} requests failed meanwhile)`)
  }
  return {
    id: e.id,
    kind: e.kind,
    action: e.action,
    target: e.target,
    ...(e.line !== undefined ? {line: e.line} : {}),
    atMs: e.injectedAt - x.runStart,
    detectMs: e.detectedAt === null ? null : e.detectedAt - e.injectedAt,
    recoverMs,
    requests: fig.requests,
    failedRequests: fig.failed,
    passed: reasons.length === 0,
    reasons,
    ...(e.message ? {message: e.message} : {}),
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
