// The dashboard's own state (what is focused, selected, open): changed only by reduceKey and the
// small reducers below, never by the platform.
import type {ComponentKind, DashboardAction} from './types.js'

export type PanelId = 'quorum' | 'servers' | 'nodes' | 'jobs' | 'vars' | 'proxies' | 'allocs' | 'events'

/** Every panel in screen order (top to bottom, left to right): tab follows it. */
export const PANEL_ORDER: readonly PanelId[] = ['quorum', 'servers', 'nodes', 'jobs', 'vars', 'proxies', 'allocs', 'events']

export type Overlay =
  | {type: 'none'}
  | {type: 'help'}
  | {type: 'confirm'; action: DashboardAction}
  | {type: 'logs'; kind: ComponentKind; name: string; lines: string[] | null; error: string | null; scroll: number}

export interface Notice {
  text: string
  tone: 'ok' | 'warn' | 'bad'
}

export interface UiState {
  focus: PanelId
  /** Selected row key per panel; a key that disappears falls back to the first row. */
  selected: Partial<Record<PanelId, string>>
  overlay: Overlay
  /** Events scrolled back from the tail (0 = follow the tail). */
  eventsScroll: number
  notice: Notice | null
}

export function createUiState(focus: PanelId = 'nodes'): UiState {
  return {focus, selected: {}, overlay: {type: 'none'}, eventsScroll: 0, notice: null}
}

/** Show the lines (or the error) that source.logs() returned, if that logs view is still open. */
export function applyLogs(ui: UiState, kind: ComponentKind, name: string, result: {lines?: string[]; error?: string}): UiState {
  const o = ui.overlay
  if (o.type !== 'logs' || o.kind !== kind || o.name !== name) return ui
  return {...ui, overlay: {...o, lines: result.lines ?? [], error: result.error ?? null}}
}

/** The outcome of source.act(), shown in the footer. */
export function applyActionResult(ui: UiState, action: DashboardAction, error?: string): UiState {
  const what = `${action.kind} ${action.name}`
  const notice: Notice = error
    ? {text: `could not ${action.verb} ${what}: ${error}`, tone: 'bad'}
    : {text: `${action.verb === 'stop' ? 'stopped' : 'started'} ${what}`, tone: 'ok'}
  return {...ui, notice}
}
