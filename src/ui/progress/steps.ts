import type {StepEvent} from '../../platform/progress.js'

// The list of steps a progress view shows, folded from the executor's events.

export interface StepRow {
  name: string
  phase: StepEvent['phase']
  ms?: number
  detail?: string
}

export function applyStepEvent(rows: StepRow[], e: StepEvent): StepRow[] {
  const row: StepRow = {name: e.name, phase: e.phase, ms: e.ms, detail: e.detail}
  const i = rows.findIndex((r) => r.name === e.name)
  return i < 0 ? [...rows, row] : rows.map((r, j) => (j === i ? row : r))
}

/** "✓ etcd-1 started (212 ms)", "✗ kv quorum failed (20001 ms)", "• etcd-2 already running". */
export function formatStepLine(r: StepRow): string {
  const time = r.ms !== undefined ? ` (${r.ms} ms)` : ''
  switch (r.phase) {
    case 'done':
      return `✓ ${r.name} ${r.detail ?? 'done'}${time}`
    case 'failed':
      return `✗ ${r.name} failed${time}`
    case 'skipped':
      return `• ${r.name} ${r.detail ?? 'skipped'}`
    default:
      return `… ${r.name}`
  }
}
