// Text for `zdev alloc status`, shaped like `nomad alloc status`.
import type {AllocStatusView} from './alloc-status.js'
import {formatAgo, formatKv, formatTable, formatTime, shortId} from './format.js'

export function renderAllocStatus(v: AllocStatusView, now: number, opts: {verbose?: boolean} = {}): string[] {
  const id = (s: string | null) => (opts.verbose ? (s ?? '<none>') : shortId(s))
  const out = formatKv([
    ['ID', id(v.id)],
    ['Eval ID', id(v.evalId)],
    ['Name', v.name],
    ['Node ID', id(v.nodeId)],
    ['Node Name', v.nodeName],
    ['Job ID', v.jobId],
    ['Job Version', v.jobVersion],
    ['Client Status', v.clientStatus],
    ['Client Description', v.clientDescription || '<none>'],
    ['Desired Status', v.desiredStatus],
    ['Desired Description', v.desiredDescription || '<none>'],
    ['Created', formatAgo(v.createTime, now)],
    ['Modified', formatAgo(v.modifyTime, now)],
    ...(v.deploymentId
      ? ([['Deployment ID', id(v.deploymentId)], ['Deployment Health', v.deploymentHealth ?? 'unset'], ['Canary', String(v.canary)]] as [string, string][])
      : []),
    ...(v.previousAllocation ? ([['Previous Allocation', id(v.previousAllocation)]] as [string, string][]) : []),
    ...(v.nextAllocation ? ([['Replacement Alloc ID', id(v.nextAllocation)]] as [string, string][]) : []),
    ...(v.reschedule.attempts || v.reschedule.limit !== null
      ? ([['Reschedule Attempts', `${v.reschedule.attempts}/${v.reschedule.limit ?? 'unlimited'}`]] as [string, string][])
      : []),
  ])
  if (v.addresses.length) {
    out.push('', 'Allocation Addresses:', ...formatTable(['Label', 'Address', 'To'], v.addresses.map((p) => [p.label, p.address, p.to || '-'])))
  }
  for (const t of v.tasks) {
    out.push('', `Task "${t.name}" is "${t.state}"${t.failed ? ' (failed)' : ''}`)
    if (t.cpu !== null) out.push('Task Resources:', ...formatTable(['CPU', 'Memory'], [[`${t.cpu} MHz`, `${t.memoryMB} MiB`]]))
    out.push('', 'Task Events:', ...formatKv([
      ['Started At', formatTime(t.startedAt)],
      ['Finished At', formatTime(t.finishedAt)],
      ['Total Restarts', t.restarts],
      ['Last Restart', formatTime(t.lastRestart)],
    ]))
    out.push('', 'Recent Events:')
    const events = [...t.events].sort((a, b) => b.Time - a.Time).slice(0, opts.verbose ? undefined : 10)
    out.push(...(events.length ? formatTable(['Time', 'Type', 'Description'], events.map((e) => [formatTime(e.Time), e.Type, e.Message])) : ['No events']))
  }
  if (v.reschedule.events.length) {
    out.push('', 'Reschedule History:', ...formatTable(['Time', 'Previous Alloc', 'Previous Node', 'Delay'], v.reschedule.events.map((e) => [formatTime(e.time), shortId(e.prevAllocId), shortId(e.prevNodeId), `${e.delayNs / 1e9}s`])))
  }
  if (v.metrics) {
    const m = v.metrics
    out.push('', 'Placement Metrics', ...formatKv([['Nodes Evaluated', m.NodesEvaluated], ['Nodes Filtered', m.NodesFiltered], ['Nodes Exhausted', m.NodesExhausted]]))
    const scores = [...(m.ScoreMetaData ?? [])].sort((a, b) => b.NormScore - a.NormScore)
    if (scores.length) {
      const names = [...new Set(scores.flatMap((s) => Object.keys(s.Scores)))].sort()
      out.push('', ...formatTable(['Node', ...names, 'final score'], scores.map((s) => [shortId(s.NodeID), ...names.map((n) => (s.Scores[n] ?? 0).toFixed(3)), s.NormScore.toFixed(3)])))
    }
  }
  return out
}
