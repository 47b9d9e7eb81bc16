import {describe, expect, test} from 'vitest'
import {reduceKey, type KeyInput} from '../../../src/ui/dashboard/reduce-key.js'
import {createUiState, type UiState} from '../../../src/ui/dashboard/ui-state.js'
import {buildView} from '../../../src/ui/dashboard/view-model.js'
import {healthySnapshot} from './fixtures.js'

const snap = healthySnapshot({events: Array.from({length: 12}, (_, i) => ({time: 0, kind: 'x', message: `e${i}`}))})
const ui = (over: Partial<UiState> = {}): UiState => ({...createUiState(), ...over})
const press = (state: UiState, key: KeyInput) => reduceKey(state, key, buildView(snap, state, {columns: 80, rows: 24}))
const k = (input: string, more: Partial<KeyInput> = {}): KeyInput => ({input, ...more})

describe('reduceKey without an overlay', () => {
  test.each([
    {desc: 'tab moves focus to the next panel', state: ui(), key: k('', {tab: true}), focus: 'jobs'},
    {desc: 'shift+tab moves focus back', state: ui(), key: k('', {tab: true, shift: true}), focus: 'servers'},
    {desc: 'right arrow moves focus on', state: ui({focus: 'events'}), key: k('', {rightArrow: true}), focus: 'quorum'},
    {desc: 'left arrow wraps around', state: ui({focus: 'quorum'}), key: k('', {leftArrow: true}), focus: 'events'},
  ])('$desc', ({state, key, focus}) => {
    expect(press(state, key).uiState.focus).toBe(focus)
  })

  test.each([
    {desc: 'down selects the next row', state: ui(), key: k('', {downArrow: true}), selected: 'id-node-2'},
    {desc: 'up stops at the first row', state: ui(), key: k('', {upArrow: true}), selected: 'id-node-1'},
    {desc: 'page down stops at the last row', state: ui(), key: k('', {pageDown: true}), selected: 'id-node-3'},
    {desc: 'up from the second row', state: ui({selected: {nodes: 'id-node-2'}}), key: k('', {upArrow: true}), selected: 'id-node-1'},
  ])('$desc', ({state, key, selected}) => {
    expect(press(state, key).uiState.selected.nodes).toBe(selected)
  })

  test.each([
    {desc: 'up in events scrolls back', state: ui({focus: 'events'}), key: k('', {upArrow: true}), scroll: 1},
    {desc: 'down in events follows the tail again', state: ui({focus: 'events', eventsScroll: 1}), key: k('', {downArrow: true}), scroll: 0},
    {desc: 'scrolling back stops at the oldest event', state: ui({focus: 'events', eventsScroll: 10}), key: k('', {pageUp: true}), scroll: 11},
  ])('$desc', ({state, key, scroll}) => {
    expect(press(state, key).uiState.eventsScroll).toBe(scroll)
  })

  test('k on a node asks for confirmation and does nothing yet', () => {
    const r = press(ui({selected: {nodes: 'id-node-2'}}), k('k'))
    expect(r.action).toBeUndefined()
    expect(r.uiState.overlay).toEqual({type: 'confirm', action: {verb: 'stop', kind: 'node', name: 'node-2'}})
  })

  test('k on an etcd member', () => {
    const r = press(ui({focus: 'quorum', selected: {quorum: 'etcd-3'}}), k('k'))
    expect(r.uiState.overlay).toEqual({type: 'confirm', action: {verb: 'stop', kind: 'etcd', name: 'etcd-3'}})
  })

  test('s starts the selected component at once', () => {
    const r = press(ui({focus: 'proxies'}), k('s'))
    expect(r.action).toEqual({type: 'act', action: {verb: 'start', kind: 'proxy', name: 'proxy-1'}})
    expect(r.uiState.notice).toEqual({text: 'starting proxy proxy-1…', tone: 'warn'})
  })

  test('l opens the logs view and asks for the lines', () => {
    const r = press(ui({focus: 'servers'}), k('l'))
    expect(r.action).toEqual({type: 'logs', kind: 'server', name: 'server-1'})
    expect(r.uiState.overlay).toEqual({type: 'logs', kind: 'server', name: 'server-1', lines: null, error: null, scroll: 0})
  })

  test.each([
    {key: 'k', text: 'nothing to stop here: select an etcd member, server, node, proxy or allocation first'},
    {key: 's', text: 'nothing to start here: select an etcd member, server, node, proxy or allocation first'},
    {key: 'l', text: 'no logs here: select an etcd member, server, node, proxy or allocation first'},
  ])('$key in the jobs panel explains itself', ({key, text}) => {
    const r = press(ui({focus: 'jobs'}), k(key))
    expect(r.action).toBeUndefined()
    expect(r.uiState.notice).toEqual({text, tone: 'warn'})
  })

  test.each([
    {desc: 'q quits', key: k('q')},
    {desc: 'ctrl+c quits', key: k('c', {ctrl: true})},
  ])('$desc', ({key}) => expect(press(ui(), key).action).toEqual({type: 'quit'}))

  test('? opens the help', () => expect(press(ui(), k('?')).uiState.overlay).toEqual({type: 'help'}))
  test('other keys change nothing', () => expect(press(ui(), k('x'))).toEqual({uiState: ui()}))
})

describe('reduceKey with an overlay', () => {
  const confirm = ui({overlay: {type: 'confirm', action: {verb: 'stop', kind: 'node', name: 'node-2'}}})

  test.each([{key: k('y')}, {key: k('Y', {shift: true})}, {key: k('', {return: true})}])('confirming with $key.input$key.return stops the component', ({key}) => {
    const r = press(confirm, key)
    expect(r.action).toEqual({type: 'act', action: {verb: 'stop', kind: 'node', name: 'node-2'}})
    expect(r.uiState.overlay).toEqual({type: 'none'})
    expect(r.uiState.notice).toEqual({text: 'stopping node node-2…', tone: 'warn'})
  })

  test.each([{key: k('n')}, {key: k('', {escape: true})}, {key: k('q')}])('declining closes the dialog without acting', ({key}) => {
    const r = press(confirm, key)
    expect(r.action).toBeUndefined()
    expect(r.uiState.overlay).toEqual({type: 'none'})
  })

  test('other keys keep the dialog open (tab does not move focus behind it)', () => {
    expect(press(confirm, k('', {tab: true}))).toEqual({uiState: confirm})
  })

  test.each([{key: k('?')}, {key: k('', {escape: true})}, {key: k('q')}])('help closes', ({key}) => {
    const r = press(ui({overlay: {type: 'help'}}), key)
    expect(r.uiState.overlay).toEqual({type: 'none'})
    expect(r.action).toBeUndefined()
  })

  test('logs scroll within their length and close with esc', () => {
    const logs = ui({overlay: {type: 'logs', kind: 'node', name: 'node-1', lines: ['a', 'b', 'c'], error: null, scroll: 0}})
    const up = press(logs, k('', {pageUp: true})).uiState
    expect(up.overlay).toMatchObject({scroll: 2})
    expect(press(up, k('', {downArrow: true})).uiState.overlay).toMatchObject({scroll: 1})
    expect(press(up, k('', {escape: true})).uiState.overlay).toEqual({type: 'none'})
  })
})

describe('reduceKey on any sequence of keys', () => {
  const keys: KeyInput[] = [
    k('', {tab: true}), k('', {tab: true, shift: true}), k('', {upArrow: true}), k('', {downArrow: true}), k('', {leftArrow: true}),
    k('', {pageUp: true}), k('', {pageDown: true}), k('', {escape: true}), k('', {return: true}), k('k'), k('s'), k('l'), k('y'), k('n'), k('?'), k('x'),
  ]
  test('focus stays on a visible panel, selection on an existing row, and only y/enter after k stops', async () => {
    const fc = (await import('fast-check')).default
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...keys), {maxLength: 40}), (seq) => {
        let state = ui()
        for (const key of seq) {
          const view = buildView(snap, state, {columns: 80, rows: 24})
          const before = state
          const r = reduceKey(state, key, view)
          state = r.uiState
          const panels = buildView(snap, {...state, overlay: {type: 'none'}}, {columns: 80, rows: 24})
          expect(panels.focusOrder).toContain(state.focus)
          const sel = state.selected[state.focus]
          if (sel !== undefined) expect(panels.rowKeys[state.focus]).toContain(sel)
          if (r.action?.type === 'act' && r.action.action.verb === 'stop') {
            expect(before.overlay.type).toBe('confirm')
            expect(key.input === 'y' || key.return).toBe(true)
          }
        }
      }),
      {numRuns: 200},
    )
  })
})
