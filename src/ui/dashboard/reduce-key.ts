// reduceKey: one keystroke → the next UI state and, maybe, something for the app to do
// (stop/start a component, fetch logs, quit). Pure; the app performs the effect.
import type {ComponentKind, DashboardAction} from './types.js'
import type {Overlay, PanelId, UiState} from './ui-state.js'
import type {View} from './view-types.js'

/** The parts of Ink's Key the dashboard uses; all optional so tests can say only what matters. */
export interface KeyInput {
  input: string
  ctrl?: boolean
  shift?: boolean
  tab?: boolean
  escape?: boolean
  return?: boolean
  upArrow?: boolean
  downArrow?: boolean
  leftArrow?: boolean
  rightArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
}

export type UiEffect =
  | {type: 'act'; action: DashboardAction}
  | {type: 'logs'; kind: ComponentKind; name: string}
  | {type: 'quit'}

export interface KeyResult {
  uiState: UiState
  action?: UiEffect
}

const PAGE = 5
const NOTHING_HERE = 'select an etcd member, server, node, proxy or allocation first'

function moveFocus(ui: UiState, view: View, step: number): UiState {
  const order = view.focusOrder
  if (order.length === 0) return ui
  const i = order.indexOf(ui.focus)
  const next = order[(((i < 0 ? 0 : i + step) % order.length) + order.length) % order.length] as PanelId
  return {...ui, focus: next, notice: null}
}

function moveSelection(ui: UiState, view: View, step: number): UiState {
  if (ui.focus === 'events') {
    const total = view.rowKeys.events?.length ?? 0
    return {...ui, eventsScroll: Math.min(Math.max(0, total - 1), Math.max(0, ui.eventsScroll - step))}
  }
  const keys = view.rowKeys[ui.focus] ?? []
  if (keys.length === 0) return ui
  const cur = Math.max(0, keys.indexOf(ui.selected[ui.focus] ?? ''))
  const next = Math.min(keys.length - 1, Math.max(0, cur + step))
  return {...ui, selected: {...ui.selected, [ui.focus]: keys[next]}}
}

function reduceOverlay(ui: UiState, o: Exclude<Overlay, {type: 'none'}>, key: KeyInput): KeyResult {
  const close: UiState = {...ui, overlay: {type: 'none'}}
  switch (o.type) {
    case 'help':
      return key.escape || key.input === '?' || key.input === 'q' ? {uiState: close} : {uiState: ui}
    case 'confirm':
      if (key.input === 'y' || key.input === 'Y' || key.return) {
        const notice = {text: `${o.action.verb === 'stop' ? 'stopping' : 'starting'} ${o.action.kind} ${o.action.name}…`, tone: 'warn' as const}
        return {uiState: {...close, notice}, action: {type: 'act', action: o.action}}
      }
      return key.input === 'n' || key.input === 'N' || key.escape || key.input === 'q' ? {uiState: {...close, notice: null}} : {uiState: ui}
    case 'logs': {
      if (key.escape || key.input === 'q' || key.input === 'l') return {uiState: close}
      const step = key.upArrow ? 1 : key.downArrow ? -1 : key.pageUp ? PAGE * 4 : key.pageDown ? -PAGE * 4 : 0
      const max = Math.max(0, (o.lines?.length ?? 0) - 1)
      return {uiState: {...ui, overlay: {...o, scroll: Math.min(max, Math.max(0, o.scroll + step))}}}
    }
  }
}

export function reduceKey(ui: UiState, key: KeyInput, view: View): KeyResult {
  if (key.ctrl && key.input === 'c') return {uiState: ui, action: {type: 'quit'}}
  if (ui.overlay.type !== 'none') return reduceOverlay(ui, ui.overlay, key)
  if (key.tab) return {uiState: moveFocus(ui, view, key.shift ? -1 : 1)}
  if (key.rightArrow || key.leftArrow) return {uiState: moveFocus(ui, view, key.leftArrow ? -1 : 1)}
  if (key.upArrow || key.downArrow) return {uiState: moveSelection(ui, view, key.upArrow ? -1 : 1)}
  if (key.pageUp || key.pageDown) return {uiState: moveSelection(ui, view, key.pageUp ? -PAGE : PAGE)}
  const t = view.target
  switch (key.input) {
    case 'q':
      return {uiState: ui, action: {type: 'quit'}}
    case '?':
      return {uiState: {...ui, overlay: {type: 'help'}}}
    case 'k':
      if (!t) return {uiState: {...ui, notice: {text: `nothing to stop here: ${NOTHING_HERE}`, tone: 'warn'}}}
      return {uiState: {...ui, overlay: {type: 'confirm', action: {verb: 'stop', kind: t.kind, name: t.name}}}}
    case 's':
      if (!t) return {uiState: {...ui, notice: {text: `nothing to start here: ${NOTHING_HERE}`, tone: 'warn'}}}
      return {uiState: {...ui, notice: {text: `starting ${t.kind} ${t.name}…`, tone: 'warn'}}, action: {type: 'act', action: {verb: 'start', kind: t.kind, name: t.name}}}
    case 'l':
      if (!t) return {uiState: {...ui, notice: {text: `no logs here: ${NOTHING_HERE}`, tone: 'warn'}}}
      return {
        uiState: {...ui, overlay: {type: 'logs', kind: t.kind, name: t.name, lines: null, error: null, scroll: 0}},
        action: {type: 'logs', kind: t.kind, name: t.name},
      }
    default:
      return {uiState: ui}
  }
}
