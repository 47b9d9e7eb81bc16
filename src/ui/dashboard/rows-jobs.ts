// Rows of the jobs panel: type, version, status (the words `zdev status` prints, from the same
// function), desired/placed/healthy and the latest news.
import {jobStatusText} from '../../model/job-status.js'
import {fit, fitEnd} from './format.js'
import {summarizeJob} from './job-summary.js'
import type {PanelContent} from './rows-quorum.js'
import type {DashboardSnapshot} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

function statusTone(status: string): Tone {
  return status.startsWith('running') ? 'ok' : status === 'pending' ? 'warn' : 'dim'
}

export function buildJobRows(snap: DashboardSnapshot, width: number): PanelContent {
  const jobs = [...snap.jobs].sort((a, b) => a.ID.localeCompare(b.ID))
  const summaries = jobs.map((j) => summarizeJob(j, snap))
  const failing = summaries.filter((s) => s.failing).length
  const title: Segment[] = [
    {text: 'Jobs ', bold: true},
    {text: 'desired/placed/healthy', tone: 'dim'},
    ...(failing > 0 ? [{text: `  ${failing} failing`, tone: 'bad' as Tone, bold: true}] : []),
  ]
  const nameW = Math.min(16, Math.max(6, ...jobs.map((j) => j.ID.length)))
  const wide = width >= 72
  const statuses = jobs.map((j) => jobStatusText(j, snap.allocs))
  const statusW = Math.max(8, ...statuses.map((t) => t.length + 1))
  const rows = jobs.map((job, i): RowView => {
    const s = summaries[i]!
    const status = statuses[i]!
    const counts = `${s.desired}/${s.placed}/${s.healthy}`
    const mark = s.failing ? {text: '✗ ', tone: 'bad' as Tone} : {text: '● ', tone: statusTone(status)}
    const segments: Segment[] = [mark, {text: fit(job.ID, nameW) + ' '}]
    if (wide) segments.push({text: fit(job.Type, 8), tone: 'dim'})
    segments.push({text: fit(`v${job.Version ?? 0}`, 4)}, {text: fit(status, statusW), tone: statusTone(status)})
    segments.push({text: fitEnd(counts, 8) + '  '})
    const used = segments.reduce((n, seg) => n + seg.text.length, 0)
    if (s.detail) segments.push({text: fit(s.detail.text, Math.max(0, width - used)), tone: s.detail.tone})
    return {key: job.ID, segments, selected: false}
  })
  return {title, rows}
}
