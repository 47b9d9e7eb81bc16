// Rows of the nodes panel: status, datacenter/class, allocations and cpu/memory bars.
import {isTerminal, type Allocation} from '../../model/allocation.js'
import type {Node} from '../../model/node.js'
import {barCells, fit, fitEnd, percent} from './format.js'
import type {PanelContent} from './rows-quorum.js'
import type {DashboardSnapshot} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

export interface NodeUsage {
  allocs: number // non-terminal allocations placed on the node
  cpuUsed: number
  cpuCapacity: number
  memUsed: number
  memCapacity: number
}

/** Resources of the node's running allocations against what the node offers for placement. */
export function computeNodeUsage(node: Node, allocs: readonly Allocation[]): NodeUsage {
  let cpuUsed = 0
  let memUsed = 0
  let count = 0
  for (const a of allocs) {
    if (a.NodeID !== node.ID) continue
    if (!isTerminal(a)) count++
    if (a.ClientStatus !== 'running' || a.DesiredStatus !== 'run') continue
    for (const t of Object.values(a.AllocatedResources.Tasks)) {
      cpuUsed += t.CpuShares
      memUsed += t.MemoryMB
    }
  }
  return {
    allocs: count,
    cpuUsed,
    cpuCapacity: node.NodeResources.CpuShares - node.ReservedResources.CpuShares,
    memUsed,
    memCapacity: node.NodeResources.MemoryMB - node.ReservedResources.MemoryMB,
  }
}

export function describeNodeStatus(n: Node): {text: string; tone: Tone; mark: string} {
  if (n.Status === 'down') return {text: 'down', tone: 'bad', mark: '✗'}
  if (n.Status !== 'ready') return {text: n.Status === 'initializing' ? 'init' : n.Status, tone: 'warn', mark: '●'}
  if (n.DrainStrategy) return {text: 'draining', tone: 'warn', mark: '●'}
  if (n.SchedulingEligibility === 'ineligible') return {text: 'inelig.', tone: 'warn', mark: '●'}
  return {text: 'ready', tone: 'ok', mark: '●'}
}

function barTone(ratio: number): Tone {
  return ratio > 0.9 ? 'bad' : ratio > 0.7 ? 'warn' : 'ok'
}

function bar(label: string, used: number, cap: number, width: number): Segment[] {
  const cellsW = Math.max(1, width - label.length - 6)
  const {filled, empty, ratio} = barCells(used, cap, cellsW)
  return [
    {text: label, tone: 'dim'},
    {text: '█'.repeat(filled), tone: barTone(ratio)},
    {text: '░'.repeat(empty), tone: 'dim'},
    {text: fitEnd(percent(ratio), 5) + ' '},
  ]
}

export function buildNodeRows(snap: DashboardSnapshot, width: number): PanelContent {
  const ready = snap.nodes.filter((n) => n.Status === 'ready').length
  const title: Segment[] = [
    {text: 'Nodes ', bold: true},
    {text: `${ready}/${snap.nodes.length} ready`, tone: ready < snap.nodes.length ? 'warn' : 'dim'},
  ]
  const nameW = Math.min(14, Math.max(6, ...snap.nodes.map((n) => n.Name.length)))
  const withPlace = width >= 64
  const placeW = withPlace ? 13 : 0
  const fixed = 2 + nameW + 1 + 9 + placeW + 4
  const barW = Math.max(0, Math.floor((width - fixed) / 2))
  const rows = snap.nodes.map((n): RowView => {
    const st = describeNodeStatus(n)
    const u = computeNodeUsage(n, snap.allocs)
    const segments: Segment[] = [
      {text: `${st.mark} `, tone: st.tone},
      {text: fit(n.Name, nameW) + ' '},
      {text: fit(st.text, 9), tone: st.tone},
    ]
    if (withPlace) segments.push({text: fit(`${n.Datacenter}/${n.NodeClass || '-'}`, placeW - 1) + ' ', tone: 'dim'})
    segments.push({text: fitEnd(String(u.allocs), 3) + ' '})
    if (barW >= 10) segments.push(...bar('cpu ', u.cpuUsed, u.cpuCapacity, barW), ...bar('mem ', u.memUsed, u.memCapacity, barW))
    return {key: n.ID, segments, selected: false, target: {kind: 'node', name: n.Name, label: `node ${n.Name}`}}
  })
  return {title, rows}
}
