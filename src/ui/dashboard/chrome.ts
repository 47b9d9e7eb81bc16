// The dashboard's header, banner, footer, help text and the small-terminal summary.
import {fit, formatClock} from './format.js'
import {summarizeJob} from './job-summary.js'
import type {DashboardSnapshot} from './types.js'
import type {Notice} from './ui-state.js'
import type {Segment, Tone} from './view-types.js'

const QUORUM_TONE: Record<string, Tone> = {ok: 'ok', degraded: 'warn', lost: 'bad'}

export function buildHeader(snap: DashboardSnapshot, columns: number, tzOffsetMinutes: number): Segment[] {
  const leader = snap.servers.find((s) => s.alive && s.leader)
  const ready = snap.nodes.filter((n) => n.Status === 'ready').length
  const parts: Segment[] = [
    {text: 'zdev ', bold: true, tone: 'accent'},
    {text: snap.cluster, bold: true},
    {text: ' · quorum '},
    {text: snap.kv.quorum, tone: QUORUM_TONE[snap.kv.quorum], bold: true},
    {text: ' · leader '},
    leader ? {text: leader.name, tone: 'accent'} : {text: 'none', tone: 'bad', bold: true},
    {text: ` · ${ready}/${snap.nodes.length} nodes ready`},
    {text: ` · ${formatClock(snap.at, tzOffsetMinutes)}`, tone: 'dim'},
  ]
  return clip(parts, columns)
}

export function buildBanner(snap: DashboardSnapshot, columns: number): Segment[] | null {
  if (snap.kv.quorum !== 'lost') return null
  const healthy = snap.kv.members.filter((m) => m.running && m.healthy).length
  const text = ` KV QUORUM LOST: ${healthy}/${snap.kv.members.length} members healthy, writes are blocked. Start a member again (select it, press s). `
  return [{text: fit(text, columns), tone: 'bad', bold: true, inverse: true}]
}

const HINTS = 'tab panel  ↑↓ select  k stop  s start  l logs  ? help  q quit'

export function buildFooter(notice: Notice | null, columns: number): Segment[] {
  if (!notice) return [{text: fit(HINTS, columns), tone: 'dim'}]
  return clip([{text: notice.text + '  ', tone: notice.tone}, {text: HINTS, tone: 'dim'}], columns)
}

export const HELP_LINES: readonly (readonly [string, string])[] = [
  ['tab, shift+tab, ←/→', 'move between panels'],
  ['↑/↓, pgup/pgdn', 'select a row; in events, scroll back (↓ to follow)'],
  ['k', 'stop the selected member, server, node, proxy or alloc'],
  ['', '(asks y/n first)'],
  ['s', 'start the selected component again'],
  ['l', 'show the selected component\'s logs (esc closes)'],
  ['?', 'show or hide this help'],
  ['q, ctrl+c', 'quit the dashboard; the platform keeps running'],
  ['', ''],
  ['KV quorum', 'etcd members, raft term, db size; writes need a majority'],
  ['Nodes', 'cpu/mem of running allocations against capacity'],
  ['Jobs', 'desired/placed/healthy, deployment, placement failures'],
  ['Variables', 'Nomad Variables: paths and key names, never values'],
  ['Allocations', 'an allocation on a down node is lost (and why)'],
]

export function buildHelp(columns: number): Segment[][] {
  const keyW = 22
  return [
    [{text: fit('Keys', columns), bold: true}],
    ...HELP_LINES.map(([k, what]): Segment[] => [{text: fit(k ? `  ${k}` : '', keyW), tone: 'accent'}, {text: fit(what, columns - keyW)}]),
    [{text: fit('Press ? or esc to close.', columns), tone: 'dim'}],
  ]
}

/** A few plain lines for terminals too small for panels. */
export function buildSummary(snap: DashboardSnapshot, columns: number, rows: number): Segment[][] {
  const healthy = snap.kv.members.filter((m) => m.running && m.healthy).length
  const leader = snap.servers.find((s) => s.alive && s.leader)
  const ready = snap.nodes.filter((n) => n.Status === 'ready').length
  const failing = snap.jobs.filter((j) => summarizeJob(j, snap).failing).length
  const lines: Segment[][] = [
    [{text: fit(`zdev ${snap.cluster}`, columns), bold: true}],
    [{text: fit(`quorum ${snap.kv.quorum} ${healthy}/${snap.kv.members.length}`, columns), tone: QUORUM_TONE[snap.kv.quorum]}],
    [{text: fit(`leader ${leader?.name ?? 'none'}`, columns), tone: leader ? 'normal' : 'bad'}],
    [{text: fit(`nodes ${ready}/${snap.nodes.length} ready`, columns), tone: ready < snap.nodes.length ? 'warn' : 'normal'}],
    [{text: fit(`jobs ${snap.jobs.length}, ${failing} failing`, columns), tone: failing > 0 ? 'bad' : 'normal'}],
    [{text: fit(`enlarge to 80×24 for panels`, columns), tone: 'dim'}],
  ]
  return lines.slice(0, Math.max(1, rows - 1))
}

/** Cut a line of segments to `columns` cells. */
export function clip(segments: Segment[], columns: number): Segment[] {
  const out: Segment[] = []
  let left = columns
  for (const s of segments) {
    if (left <= 0) break
    const text = s.text.length > left ? fit(s.text, left) : s.text
    out.push({...s, text})
    left -= text.length
  }
  return out
}
