import type {LiveEvent} from '../../chaos/context.js'

// The live view's state, folded from the run's events. Pure.

export interface FaultRow {
  key: string
  label: string
  status: 'active' | 'detected' | 'healed' | 'failed' | 'done'
  detail: string
}

export interface LiveState {
  title: string
  runStart: number
  durationMs: number
  now: number
  rows: FaultRow[]
  lastSecond: {ok: number; failed: number; p50Ms: number | null; p99Ms: number | null}
  total: {ok: number; failed: number}
}

export const initialLive: LiveState = {title: '', runStart: 0, durationMs: 0, now: 0, rows: [], lastSecond: {ok: 0, failed: 0, p50Ms: null, p99Ms: null}, total: {ok: 0, failed: 0}}

export function reduceLive(s: LiveState, e: LiveEvent): LiveState {
  if (e.type === 'start') return {...s, title: e.title, runStart: e.at, durationMs: e.durationMs, now: e.at}
  if (e.type === 'load') return {...s, now: e.at, lastSecond: {ok: e.windowOk, failed: e.windowFailed, p50Ms: e.p50Ms, p99Ms: e.p99Ms}, total: {ok: e.totalOk, failed: e.totalFailed}}
  if (e.type === 'note') return {...s, now: e.at}
  const ev = e.event
  const key = ev.id
  const label = `${ev.id}${ev.line ? `:${ev.line}` : ''} ${ev.action} ${ev.target}`
  const since = `${((e.at - ev.injectedAt) / 1000).toFixed(1)}s`
  const status: FaultRow['status'] = e.phase === 'injected' ? 'active' : e.phase === 'detected' ? 'detected' : e.phase === 'recovered' ? 'healed' : e.phase === 'done' ? 'done' : 'failed'
  const healed = `${(((ev.recoveredAt ?? e.at) - ev.injectedAt) / 1000).toFixed(1)}s`
  const detail = e.phase === 'recovered' ? `healed after ${healed}` : e.phase === 'detected' ? `detected after ${since}` : (e.detail ?? '')
  const row: FaultRow = {key, label, status, detail}
  const i = s.rows.findIndex((r) => r.key === key)
  const rows = i < 0 ? [...s.rows, row] : s.rows.map((r, j) => (j === i ? row : r))
  return {...s, now: e.at, rows}
}
