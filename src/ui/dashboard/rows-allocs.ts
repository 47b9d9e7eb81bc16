// Rows of the allocations panel: live allocations first, then the most recent terminal ones.
import {allocIndex, isTerminal, type Allocation} from '../../model/allocation.js'
import {fit, shortId} from './format.js'
import {lostReason} from './lost.js'
import type {PanelContent} from './rows-quorum.js'
import type {DashboardSnapshot} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

const MAX_TERMINAL = 20

const STATUS_TONE: Record<Allocation['ClientStatus'], Tone> = {
  pending: 'warn',
  running: 'ok',
  complete: 'dim',
  failed: 'bad',
  lost: 'bad',
  unknown: 'warn',
}

export function orderAllocs(allocs: readonly Allocation[]): Allocation[] {
  const live = allocs.filter((a) => !isTerminal(a))
  live.sort((a, b) => a.JobID.localeCompare(b.JobID) || a.TaskGroup.localeCompare(b.TaskGroup) || allocIndex(a.Name) - allocIndex(b.Name) || a.ID.localeCompare(b.ID))
  const done = allocs.filter((a) => isTerminal(a)).sort((a, b) => b.ModifyTime - a.ModifyTime || a.ID.localeCompare(b.ID))
  return [...live, ...done.slice(0, MAX_TERMINAL)]
}

function health(a: Allocation): {text: string; tone: Tone} {
  if (!a.DeploymentID || isTerminal(a)) return {text: '', tone: 'dim'}
  const h = a.DeploymentStatus?.Healthy
  if (h === true) return {text: 'healthy', tone: 'ok'}
  if (h === false) return {text: 'unhealthy', tone: 'bad'}
  return {text: 'checking', tone: 'warn'}
}

function lastTaskMessage(a: Allocation): string {
  const events = Object.values(a.TaskStates ?? {}).flatMap((t) => t.Events)
  events.sort((x, y) => y.Time - x.Time)
  return events[0]?.Message ?? ''
}

function note(a: Allocation): string {
  if (a.ClientStatus === 'failed') return a.ClientDescription || lastTaskMessage(a)
  if (a.DesiredStatus !== 'run') return a.DesiredDescription
  if (a.PreviousAllocation) return `replaces ${shortId(a.PreviousAllocation)}`
  return ''
}

export function buildAllocRows(snap: DashboardSnapshot, width: number): PanelContent {
  const ordered = orderAllocs(snap.allocs)
  const live = ordered.filter((a) => !isTerminal(a) && !lostReason(a, snap.nodes)).length
  const title: Segment[] = [{text: 'Allocations ', bold: true}, {text: `${live} live`, tone: 'dim'}]
  const nameW = Math.min(20, Math.max(8, ...ordered.map((a) => a.Name.length)))
  const nodeW = Math.min(12, Math.max(6, ...ordered.map((a) => a.NodeName.length)))
  const rows = ordered.map((a): RowView => {
    const lost = lostReason(a, snap.nodes)
    const stopping = !lost && a.DesiredStatus !== 'run' && !isTerminal({DesiredStatus: 'run', ClientStatus: a.ClientStatus})
    const status = lost ? 'lost' : stopping ? 'stopping' : a.ClientStatus
    const h = lost ? {text: '', tone: 'dim' as Tone} : health(a)
    const segments: Segment[] = [
      {text: shortId(a.ID) + ' ', tone: 'dim'},
      {text: fit(a.Name, nameW) + ' '},
      {text: fit(a.NodeName, nodeW) + ' ', tone: 'dim'},
      {text: fit(status, 9), tone: lost ? 'bad' : stopping ? 'warn' : STATUS_TONE[a.ClientStatus]},
      {text: fit(h.text, 10), tone: h.tone},
    ]
    const used = segments.reduce((n, s) => n + s.text.length, 0)
    segments.push({text: fit(lost ?? note(a), Math.max(0, width - used)), tone: a.ClientStatus === 'failed' || lost ? 'bad' : 'dim'})
    return {key: a.ID, segments, selected: false, target: {kind: 'alloc', name: a.ID, label: `allocation ${a.Name} (${shortId(a.ID)})`}}
  })
  return {title, rows}
}
