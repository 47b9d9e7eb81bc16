// Rows of the proxies and events panels.
import {fit, fitEnd, formatClock, formatRate} from './format.js'
import type {PanelContent} from './rows-quorum.js'
import type {DashboardEvent, DashboardSnapshot} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

export function buildProxyRows(snap: DashboardSnapshot, width: number): PanelContent {
  const alive = snap.proxies.filter((p) => p.alive).length
  const title: Segment[] = [{text: 'Proxies ', bold: true}, {text: `${alive}/${snap.proxies.length} up`, tone: alive < snap.proxies.length ? 'warn' : 'dim'}]
  const nameW = Math.min(12, Math.max(6, ...snap.proxies.map((p) => p.name.length)))
  const rows = snap.proxies.map((p): RowView => {
    const segments: Segment[] = [
      {text: p.alive ? '● ' : '✗ ', tone: p.alive ? 'ok' : 'bad'},
      {text: fit(p.name, nameW) + ' '},
      {text: fit(p.listen, 16), tone: 'dim'},
    ]
    if (!p.alive) segments.push({text: 'down', tone: 'bad'})
    else {
      segments.push({text: fitEnd(`${p.routes} routes`, 10) + ' '}, {text: fitEnd(formatRate(p.requestsPerSec), 8) + '  '})
      const used = segments.reduce((n, s) => n + s.text.length, 0)
      const services = Object.entries(p.healthyByService).sort((a, b) => a[0].localeCompare(b[0]))
      const text = services.map(([name, n]) => `${name} ${n}`).join(' · ')
      const tone: Tone = services.some(([, n]) => n === 0) ? 'warn' : 'normal'
      segments.push({text: fit(text, Math.max(0, width - used)), tone})
    }
    return {key: p.name, segments, selected: false, target: {kind: 'proxy', name: p.name, label: `proxy ${p.name}`}}
  })
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
