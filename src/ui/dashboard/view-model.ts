// buildView: the whole screen as data, a pure function of the latest snapshot, the UI state
// and the terminal size. Components print it; reduceKey reads it to move the selection.
import {buildBanner, buildFooter, buildHeader, buildHelp, buildSummary} from './chrome.js'
import {allocateRows, windowStart, type SectionNeed} from './layout.js'
import {buildOverlay} from './overlays.js'
import {buildAllocRows} from './rows-allocs.js'
import {buildJobRows} from './rows-jobs.js'
import {buildNodeRows} from './rows-nodes.js'
import {buildEventRows, buildProxyRows} from './rows-proxies-events.js'
import {buildQuorumRows, buildServerRows, type PanelContent} from './rows-quorum.js'
import {buildVariableRows} from './rows-vars.js'
import type {DashboardSnapshot} from './types.js'
import type {PanelId, UiState} from './ui-state.js'
import type {PanelView, RowTarget, View} from './view-types.js'

export interface TerminalSize {
  columns: number
  rows: number
}

export interface BuildOptions {
  /** Viewer's offset from UTC in minutes (east positive), for event timestamps. */
  tzOffsetMinutes?: number
}

export const MIN_PANEL_SIZE: TerminalSize = {columns: 40, rows: 10}

const PRIORITY: Record<PanelId, number> = {quorum: 1, nodes: 2, jobs: 3, events: 4, allocs: 4, proxies: 5, vars: 5, servers: 6}
const PLACEHOLDER: Record<PanelId, string> = {
  quorum: 'no etcd members', servers: 'no servers', nodes: 'no nodes registered', jobs: 'no jobs: zdev job run <file>',
  vars: 'no variables: zdev var put <path> key=value', allocs: 'no allocations', proxies: 'no proxies', events: 'no events yet',
}

/** Panels side by side, top to bottom, for this width and focus; variables once one exists. */
function arrange(columns: number, focus: PanelId, hasVars: boolean): {panels: PanelId[]; widths: number[]}[] {
  const full = (id: PanelId) => ({panels: [id], widths: [columns]})
  const serversW = Math.min(32, Math.max(20, Math.floor(columns * 0.3)))
  const top = columns >= 64 ? [{panels: ['quorum', 'servers'] as PanelId[], widths: [columns - serversW - 1, serversW]}] : [full('quorum'), full('servers')]
  const allocsW = Math.floor(columns * 0.55)
  const bottom = columns >= 140 ? {panels: ['allocs', 'events'] as PanelId[], widths: [allocsW, columns - allocsW - 1]} : full(focus === 'allocs' ? 'allocs' : 'events')
  return [...top, full('nodes'), full('jobs'), ...(hasVars ? [full('vars')] : []), full('proxies'), bottom]
}

// Row builders get the width minus the gutter.
function contentOf(id: PanelId, snap: DashboardSnapshot, panelWidth: number, tz: number): PanelContent {
  const width = panelWidth - 1
  switch (id) {
    case 'quorum': return buildQuorumRows(snap, width)
    case 'servers': return buildServerRows(snap, width)
    case 'nodes': return buildNodeRows(snap, width)
    case 'jobs': return buildJobRows(snap, width)
    case 'vars': return buildVariableRows(snap, width)
    case 'allocs': return buildAllocRows(snap, width)
    case 'proxies': return buildProxyRows(snap, width)
    case 'events': return buildEventRows(snap.events, width, tz)
  }
}

/** Index of the selected row among `rows` (continuation lines are never selected). */
function selectedIndex(ui: UiState, id: PanelId, rows: PanelContent['rows']): number {
  const i = rows.findIndex((r) => !r.continuation && r.key === ui.selected[id])
  return i < 0 ? Math.max(0, rows.findIndex((r) => !r.continuation)) : i
}

/** Tab order is screen order: sections top to bottom, panels left to right; the shared bottom slot holds allocations then events. */
function screenOrder(layout: {panels: PanelId[]}[], shown: Set<PanelId>): PanelId[] {
  const order: PanelId[] = []
  for (const s of layout) for (const p of s.panels) {
    const slot: PanelId[] = p === 'allocs' || p === 'events' ? ['allocs', 'events'] : [p]
    for (const q of slot) if (shown.has(q) && !order.includes(q)) order.push(q)
  }
  return order
}

function toPanel(id: PanelId, c: PanelContent, ui: UiState, width: number, height: number): PanelView {
  const focused = ui.focus === id
  let start: number
  if (id === 'events') start = Math.max(0, c.rows.length - Math.min(ui.eventsScroll, Math.max(0, c.rows.length - height)) - height)
  else start = windowStart(c.rows.length, height, selectedIndex(ui, id, c.rows))
  const sel = id === 'events' ? -1 : selectedIndex(ui, id, c.rows)
  // A one-cell gutter marks the selected row and the focused title without colours too.
  const rows = c.rows.slice(start, start + height).map((r, i) => {
    const selected = focused && start + i === sel
    return {...r, selected, segments: [{text: selected ? '›' : ' ', tone: 'accent' as const, bold: true}, ...r.segments]}
  })
  const title = [{text: focused ? '▸' : ' ', tone: 'accent' as const, bold: true}, ...c.title]
  return {id, title, focused, width, rows, more: c.rows.length - rows.length, placeholder: c.rows.length === 0 ? PLACEHOLDER[id] : null}
}

export function buildView(snap: DashboardSnapshot, ui: UiState, size: TerminalSize, opts: BuildOptions = {}): View {
  const {columns, rows} = size
  const tz = opts.tzOffsetMinutes ?? 0
  const base = {columns, rows, header: buildHeader(snap, columns, tz), banner: buildBanner(snap, columns), footer: buildFooter(ui.notice, columns)}
  const empty = {sections: [], focusOrder: [], rowKeys: {}, target: null, overlay: null, summary: null}
  if (columns < MIN_PANEL_SIZE.columns || rows < MIN_PANEL_SIZE.rows) {
    return {...base, ...empty, header: [], banner: null, footer: [], summary: buildSummary(snap, columns, rows)}
  }
  // Ink redraws by clearing the screen when a frame is as tall as the terminal: stay one short.
  const footerRows = ui.overlay.type === 'confirm' ? 4 : 1
  const body = rows - 1 - 1 - (base.banner ? 1 : 0) - footerRows
  const overlay = buildOverlay(ui.overlay, snap, columns, body)
  if (ui.overlay.type === 'help') return {...base, ...empty, overlay: {type: 'help', lines: buildHelp(columns).slice(0, body)}}
  if (overlay?.type === 'logs') return {...base, ...empty, overlay}

  const layout = arrange(columns, ui.focus, (snap.variables?.length ?? 0) > 0)
  const contents = new Map<PanelId, {c: PanelContent; width: number}>()
  for (const s of layout) s.panels.forEach((id, i) => contents.set(id, {c: contentOf(id, snap, s.widths[i]!, tz), width: s.widths[i]!}))
  // At narrow widths allocations and events share one slot; both stay reachable with tab.
  for (const id of ['allocs', 'events'] as const) if (!contents.has(id)) contents.set(id, {c: contentOf(id, snap, columns, tz), width: columns})

  const needs: SectionNeed[] = layout.map((s, i) => ({
    id: String(i),
    priority: Math.min(...s.panels.map((p) => PRIORITY[p])),
    want: Math.max(1, ...s.panels.map((p) => contents.get(p)!.c.rows.length)),
    focused: s.panels.includes(ui.focus) || (ui.focus === 'events' && s.panels.includes('allocs')),
  }))
  const heights = allocateRows(needs, body)
  const sections: PanelView[][] = []
  const shown = new Set<PanelId>()
  layout.forEach((s, i) => {
    const h = heights.get(String(i)) ?? 0
    if (h === 0) return
    sections.push(s.panels.map((id) => toPanel(id, contents.get(id)!.c, ui, contents.get(id)!.width, h)))
    s.panels.forEach((p) => shown.add(p))
  })
  if (shown.has('events') || shown.has('allocs')) (['allocs', 'events'] as PanelId[]).forEach((p) => shown.add(p))
  const focusOrder = screenOrder(layout, shown)
  const rowKeys: Partial<Record<PanelId, string[]>> = {}
  for (const p of focusOrder) rowKeys[p] = contents.get(p)!.c.rows.filter((r) => !r.continuation).map((r) => r.key)
  const focusedRows = contents.get(ui.focus)?.c.rows ?? []
  const target: RowTarget | null = focusedRows[selectedIndex(ui, ui.focus, focusedRows)]?.target ?? null
  return {...base, sections, focusOrder, rowKeys, target, overlay, summary: null}
}
