// The confirm question and the logs window.
import {fit, shortId} from './format.js'
import type {DashboardAction, DashboardSnapshot} from './types.js'
import type {Overlay} from './ui-state.js'
import type {OverlayView} from './view-types.js'

const CONSEQUENCE: Record<DashboardAction['kind'], string> = {
  etcd: 'The KV quorum loses a member; without a majority every write stops.',
  server: 'If it leads, a standby wins the election and takes over scheduling.',
  node: 'Its allocations are lost and rescheduled on the other nodes.',
  proxy: 'The routes it serves stop answering until it is started again.',
  alloc: 'The allocation stops; the scheduler places a replacement.',
}

const KIND_LABEL: Record<DashboardAction['kind'], string> = {
  etcd: 'etcd member',
  server: 'server',
  node: 'node',
  proxy: 'proxy',
  alloc: 'allocation',
}

export function describeAction(action: DashboardAction, snap: DashboardSnapshot | null): string {
  if (action.kind === 'alloc') {
    const a = snap?.allocs.find((x) => x.ID === action.name)
    return a ? `allocation ${a.Name} (${shortId(a.ID)})` : `allocation ${shortId(action.name)}`
  }
  return `${KIND_LABEL[action.kind]} ${action.name}`
}

// Logs may carry colours and cursor moves; they would break the layout.
function sanitize(line: string): string {
  return line
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\t/g, '  ')
    .replace(/[\x00-\x1f\x7f]/g, '')
}

export function buildOverlay(overlay: Overlay, snap: DashboardSnapshot | null, columns: number, height: number): OverlayView | null {
  switch (overlay.type) {
    case 'none':
    case 'help':
      return null
    case 'confirm': {
      const verb = overlay.action.verb === 'stop' ? 'Stop' : 'Start'
      const question = `${verb} ${describeAction(overlay.action, snap)}?  [y] yes  [n] no`
      return {type: 'confirm', question: fit(question, columns - 4), detail: fit(CONSEQUENCE[overlay.action.kind], columns - 4)}
    }
    case 'logs': {
      const label = describeAction({verb: 'stop', kind: overlay.kind, name: overlay.name}, snap)
      const all = overlay.error ? [`could not read logs: ${overlay.error}`] : overlay.lines === null ? ['loading…'] : overlay.lines.map(sanitize)
      const h = Math.max(1, height - 1)
      const end = Math.max(Math.min(all.length, h), all.length - overlay.scroll)
      const start = Math.max(0, end - h)
      const where = all.length > h ? ` lines ${start + 1}-${end} of ${all.length}` : ''
      const title = [
        {text: `Logs of ${label}`, bold: true},
        {text: fit(`${where}  ↑↓ scroll  esc close`, Math.max(0, columns - 8 - label.length)), tone: 'dim' as const},
      ]
      return {type: 'logs', title, lines: all.slice(start, end).map((l) => l.slice(0, columns))}
    }
  }
}
