import {formatMs} from './duration.js'
import type {ChaosReport} from './report.js'

// The report for humans (off a TTY and after the live view): a table of faults, the load,
// the data check and the verdict. Pure.

export function renderReport(r: ChaosReport): string[] {
  const head = r.mode === 'scenario' ? `scenario ${r.scenario}` : `seed ${r.seed}`
  const lines = [`chaos on ${r.cluster} (${head}, ${formatMs(r.durationMs)})`]
  const rows = r.faults.map((f) => [
    f.passed ? '✓' : '✗',
    `${f.id}${f.line !== undefined ? `:${f.line}` : ''}`,
    `${f.action} ${f.target}`,
    `at ${formatMs(f.atMs)}`,
    f.detectMs === null ? 'detect —' : `detect ${formatMs(f.detectMs)}`,
    f.recoverMs === null ? (['run', 'expect', 'start', 'stop'].includes(f.kind) ? '' : 'recover —') : `recover ${formatMs(f.recoverMs)}`,
    `${f.failedRequests}/${f.requests} failed`,
  ])
  const widths = rows.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), [])
  for (const row of rows) lines.push('  ' + row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd())
  const l = r.load
  lines.push(`load: ${l.requests} requests (${l.ratePerSec}/s), ${l.failed} failed, availability ${l.availability ?? '—'}%, p50 ${l.p50Ms ?? '—'} ms, p99 ${l.p99Ms ?? '—'} ms`)
  const lost = r.data.lost.jobs.length + r.data.lost.allocations.length + r.data.lost.kvKeys.length
  lines.push(`data: ${r.data.before.jobs} jobs, ${r.data.before.allocations} running allocations, ${r.data.before.kvKeys} KV keys before; ${lost === 0 ? 'nothing lost' : `${lost} lost`}`)
  if (r.passed) lines.push('verdict: PASS')
  else {
    lines.push(`verdict: FAIL (${r.failures.length})`)
    for (const f of r.failures) lines.push(`  ✗ ${f}`)
  }
  return lines
}
