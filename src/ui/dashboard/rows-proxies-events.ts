// Rows of the proxies and events panels.
import {fit, fitEnd, formatClock, formatRate} from './format.js'
import type {PanelContent} from './rows-quorum.js'
import type {DashboardEvent, DashboardSnapshot} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

/** Pure: `text` in pieces of at most `width` cells (a URL wraps, it is never cut). */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width)
  const out: string[] = []
  for (let i = 0; i < text.length; i += w) out.push(text.slice(i, i + w))
  return out.length ? out : ['']
}

const URL_INDENT = '    '

export function buildProxyRows(snap: DashboardSnapshot, width: number): PanelContent {
  const alive = snap.proxies.filter((p) => p.alive).length
  const title: Segment[] = [{text: 'Proxies ', bold: true}, {text: `${alive}/${snap.proxies.length} up`, tone: alive < snap.proxies.length ? 'warn' : 'dim'}]
  const nameW = Math.min(12, Math.max(6, ...snap.proxies.map((p) => p.name.length)))
  const urlsOf = (p: (typeof snap.proxies)[number]) => (p.urls?.length ? p.urls : [p.listen]).filter(Boolean).join(' ')
  const urlW = Math.max(0, ...snap.proxies.map((p) => urlsOf(p).length))
  // URLs share the line while the routes and rate still fit after them; otherwise each URL gets
  // lines of its own below, wrapped at the panel's width.
  const inline = 2 + nameW + 1 + urlW + 1 + 21 <= width
  const rows: RowView[] = []
  for (const p of snap.proxies) {
    const target = {kind: 'proxy' as const, name: p.name, label: `proxy ${p.name}`}
    const segments: Segment[] = [{text: p.alive ? '● ' : '✗ ', tone: p.alive ? 'ok' : 'bad'}, {text: fit(p.name, nameW) + ' '}]
    if (inline) segments.push({text: urlsOf(p).padEnd(urlW) + ' ', tone: 'dim'})
    if (!p.alive) segments.push({text: 'down', tone: 'bad'})
    else {
      segments.push({text: fitEnd(`${p.routes} routes`, 10) + ' '}, {text: fitEnd(formatRate(p.requestsPerSec), 8) + '  '})
      const used = segments.reduce((n, s) => n + s.text.length, 0)
      const services = Object.entries(p.healthyByService).sort((a, b) => a[0].localeCompare(b[0]))
      const text = services.map(([name, n]) => `${name} ${n}`).join(' · ')
      const tone: Tone = services.some(([, n]) => n === 0) ? 'warn' : 'normal'
      segments.push({text: fit(text, Math.max(0, width - used)), tone})
    }
    rows.push({key: p.name, segments, selected: false, target})
    if (inline) continue
    const urls = (p.urls?.length ? p.urls : [p.listen]).filter(Boolean)
    urls.forEach((u, i) => wrapText(u, width - URL_INDENT.length).forEach((piece, j) => {
      rows.push({key: `${p.name}\u0000url${i}.${j}`, segments: [{text: URL_INDENT + piece, tone: 'dim'}], selected: false, target, continuation: true})
    }))
  }
  return {title, rows}
}

/** Colour of an event by the shape of its kind (`*-down`, `*-failed`, `quorum-lost` …). */
export function eventTone(kind: string): Tone {
  if (/(down|failed|lost|reverted|unhealthy)$/.test(kind)) return 'bad'
  if (/(rescheduled|elected|stopping|draining)$/.test(kind) || kind === 'kv-leader') return 'warn'
  if (/(up|started|regained|promoted|successful|healthy)$/.test(kind)) return 'ok'
  return 'normal'
}

/** The events panel shows the newest at the bottom; rows are oldest first. */
export function buildEventRows(events: readonly DashboardEvent[], width: number, tzOffsetMinutes: number): PanelContent {
  const title: Segment[] = [{text: 'Events', bold: true}]
  const rows = events.map((e, i): RowView => ({
    key: `${i}`,
    selected: false,
    segments: [{text: formatClock(e.time, tzOffsetMinutes) + ' ', tone: 'dim'}, {text: fit(e.message, Math.max(0, width - 9)), tone: eventTone(e.kind)}],
  }))
  return {title, rows}
}
