// Plain-text renderings of a job plan and a simulation report (the commands print these lines).
import type {JobPlanResult} from './job-plan.js'
import {renderPlacementScores} from './render-scores.js'
import type {SimulationReport} from './simulate.js'

/** `verbose` adds the per-node scores of each group's first placement (Nomad's names). */
export function renderJobPlan(r: JobPlanResult, opts: {verbose?: boolean; nodeName?: (id: string) => string} = {}): string[] {
  const head = r.diffType === 'Added' ? `+ Job: "${r.jobId}"` : r.diffType === 'Edited' ? `+/- Job: "${r.jobId}"` : `Job: "${r.jobId}"`
  const lines = [head]
  const shown = r.diffType === 'Added' ? [] : r.diff
  for (const d of shown.slice(0, 200)) lines.push(`  ${d}`)
  if (shown.length > 200) lines.push(`  … ${shown.length - 200} more changes (use --json for all)`)
  const groups = r.explanations.filter((l) => l.startsWith('Task group'))
  for (const g of groups) lines.push(g)
  lines.push('', 'Scheduler dry-run:')
  const failed = Object.keys(r.plan.FailedTGAllocs).length > 0
  lines.push(failed ? '- WARNING: Failed to place all allocations.' : '- All tasks successfully allocated.')
  for (const l of r.explanations.filter((x) => !x.startsWith('Task group'))) lines.push(`  ${l}`)
  const preempted = r.plan.Annotations.PreemptedAllocs ?? []
  if (preempted.length > 0) {
    // Nomad's "Preemptions:" table of the allocations the plan would evict
    lines.push('', 'Preemptions:', '', `${'Alloc ID'.padEnd(38)}${'Job ID'.padEnd(20)}Task Group`)
    for (const p of preempted) lines.push(`${p.ID.padEnd(38)}${p.JobID.padEnd(20)}${p.TaskGroup}`)
  }
  if (opts.verbose) {
    const scores = renderPlacementScores(r.plan, opts.nodeName)
    if (scores.length > 0) lines.push('', ...scores)
  }
  lines.push('', `Job version after submit: ${r.version}`)
  return lines
}

export function renderSimulation(r: SimulationReport): string[] {
  const u = r.utilisation
  const s = r.spread
  const lines = [
    `Cluster: ${r.nodes} virtual nodes`,
    r.fits ? `✓ All ${r.placements} allocations fit` : `✗ ${r.failures} allocations did not fit (${r.placements} placed)`,
  ]
  for (const j of r.jobs) {
    lines.push(`  ${j.failed > 0 ? '✗' : '✓'} ${j.id}: ${j.placed}/${j.desired} placed`)
    for (const e of j.explanations) lines.push(`      ${e}`)
  }
  lines.push(
    `Utilisation: cpu ${u.cpu.percent}% (${u.cpu.used}/${u.cpu.total} MHz), memory ${u.memory.percent}% (${u.memory.used}/${u.memory.total} MB), disk ${u.disk.percent}% (${u.disk.used}/${u.disk.total} MB)`,
    `Spread: ${s.nodesUsed}/${r.nodes} nodes used; allocations per node min ${s.allocsPerNode.min}, max ${s.allocsPerNode.max}, mean ${s.allocsPerNode.mean}, stddev ${s.allocsPerNode.stddev}`,
    `  by datacenter: ${Object.entries(s.byDatacenter).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `  by class: ${Object.entries(s.byClass).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
  )
  if (r.placementsPerSecond !== null) lines.push(`Throughput: ${r.placementsPerSecond.toLocaleString('en-US')} placements/s (${r.placements} in ${Math.round(r.durationMs ?? 0)} ms)`)
  return lines
}
