import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {createUiState, PANEL_ORDER, type UiState} from '../../../src/ui/dashboard/ui-state.js'
import {buildView} from '../../../src/ui/dashboard/view-model.js'
import type {PanelView, View} from '../../../src/ui/dashboard/view-types.js'
import {failedDeploymentSnapshot, healthySnapshot, nodeDownSnapshot, quorumLostSnapshot} from './fixtures.js'
import {viewText} from './view-text.js'

const S80 = {columns: 80, rows: 24}
const panel = (v: View, id: string): PanelView => v.sections.flat().find((p) => p.id === id)!
const rowText = (p: PanelView, key: string) => p.rows.find((r) => r.key === key)!.segments.map((s) => s.text).join('').trimEnd()
const ui = (over: Partial<UiState> = {}): UiState => ({...createUiState(), ...over})

describe('buildView on the scenarios', () => {
  test('healthy platform at 80×24: every panel, in tab order, nodes focused', () => {
    const v = buildView(healthySnapshot(), ui(), S80)
    expect(v.focusOrder).toEqual(PANEL_ORDER.filter((p) => p !== 'vars')) // no variables yet: no panel
    expect(v.sections.map((s) => s.map((p) => p.id))).toEqual([['quorum', 'servers'], ['nodes'], ['jobs'], ['proxies'], ['events']])
    expect(v.banner).toBeNull()
    expect(v.target).toEqual({kind: 'node', name: 'node-1', label: 'node node-1'})
    expect(rowText(panel(v, 'quorum'), 'etcd-1')).toBe(' ● etcd-1 leader    t2      2.1MB http://127.0.0.1:2379')
    expect(rowText(panel(v, 'nodes'), 'id-node-2')).toBe(' ● node-2 ready    dc1/web        2 cpu █████░░░░░░░  38% mem █████░░░░░░░  38%')
    expect(rowText(panel(v, 'jobs'), 'web')).toBe(' ● web     service v3  running    2/2/2  v3 deployed')
    expect(rowText(panel(v, 'proxies'), 'proxy-1')).toBe(' ● proxy-1 127.0.0.1:8080   3 routes   12.5/s  api 1 · web 2')
  })

  test('quorum lost: a banner, the quorum title says lost, members show stopped/unhealthy', () => {
    const v = buildView(quorumLostSnapshot(), ui(), S80)
    expect(v.banner?.[0]?.text).toBe(' KV QUORUM LOST: 0/3 members healthy, writes are blocked. Start a member again …')
    expect(panel(v, 'quorum').title.map((s) => s.text).join('')).toBe(' KV quorum lost 0/3 healthy')
    expect(rowText(panel(v, 'quorum'), 'etcd-1').trimEnd()).toBe(' ○ etcd-1 stopped                 http://127.0.0.1:2379')
    expect(rowText(panel(v, 'quorum'), 'etcd-2')).toContain('✗ etcd-2 unhealthy')
    expect(viewText(v).length).toBeLessThanOrEqual(23)
  })

  test('node down with allocations rescheduling', () => {
    const v = buildView(nodeDownSnapshot(), ui(), {columns: 150, rows: 40})
    expect(panel(v, 'nodes').title.map((s) => s.text).join('')).toBe('▸Nodes 2/3 ready')
    const down = panel(v, 'nodes').rows.find((r) => r.key === 'id-node-2')!
    expect(down.segments[1]).toEqual({text: '✗ ', tone: 'bad'})
    expect(rowText(panel(v, 'nodes'), 'id-node-2')).toContain('node-2 down')
    expect(rowText(panel(v, 'allocs'), 'dddd1111-0')).toBe(' dddd1111 web.web[1]         node-3 pending            replaces aaaa2222')
    expect(rowText(panel(v, 'allocs'), 'aaaa2222-0')).toContain('node-2 lost      ')
    const events = panel(v, 'events').rows.map((r) => r.segments.map((s) => s.text).join('').trimEnd())
    expect(events).toContain(' 10:00:30 alloc web.web[1] rescheduled node-2 → node-3 (dddd1111)')
    expect(events).toContain(' 10:00:30 node node-2 down')
  })

  test('failed deployment and a placement failure', () => {
    const v = buildView(failedDeploymentSnapshot(), ui(), {columns: 120, rows: 30})
    const jobs = panel(v, 'jobs')
    expect(jobs.title.map((s) => s.text).join('')).toBe(' Jobs desired/placed/healthy  2 failing')
    expect(rowText(jobs, 'web').trimEnd()).toBe(' ✗ web     service v4  running    2/2/2  v4 failed: Failed due to unhealthy allocations - rolling back to job version 3')
    expect(rowText(jobs, 'gpu').trimEnd()).toBe(' ✗ gpu     service v1  pending    1/0/0  1 unplaced: missing drivers')
  })
})

describe('selection and focus', () => {
  test.each([
    {desc: 'the selected key is the target', state: ui({selected: {nodes: 'id-node-3'}}), target: 'node-3'},
    {desc: 'a vanished key falls back to the first row', state: ui({selected: {nodes: 'gone'}}), target: 'node-1'},
    {desc: 'an etcd member', state: ui({focus: 'quorum', selected: {quorum: 'etcd-2'}}), target: 'etcd-2'},
    {desc: 'jobs have no target', state: ui({focus: 'jobs'}), target: undefined},
  ])('$desc', ({state, target}) => {
    expect(buildView(healthySnapshot(), state, S80).target?.name).toBe(target)
  })

  test('only the focused panel marks its selected row', () => {
    const v = buildView(healthySnapshot(), ui({focus: 'jobs', selected: {nodes: 'id-node-2'}}), S80)
    expect(panel(v, 'nodes').rows.some((r) => r.selected)).toBe(false)
    expect(panel(v, 'jobs').rows.filter((r) => r.selected).map((r) => r.key)).toEqual(['api'])
  })

  test('at 80 columns the allocations panel takes the events slot when focused', () => {
    const v = buildView(nodeDownSnapshot(), ui({focus: 'allocs'}), S80)
    expect(v.sections.at(-1)!.map((p) => p.id)).toEqual(['allocs'])
    expect(v.target?.kind).toBe('alloc')
  })

  test('events scroll back from the tail', () => {
    const snap = healthySnapshot({events: Array.from({length: 30}, (_, i) => ({time: 0, kind: 'x', message: `event ${i}`}))})
    const last = (s: UiState) => panel(buildView(snap, s, S80), 'events').rows.at(-1)!.segments.at(-1)!.text.trimEnd()
    expect(last(ui())).toBe('event 29')
    expect(last(ui({eventsScroll: 3}))).toBe('event 26')
    expect(last(ui({eventsScroll: 999}))).toMatch(/^event \d$/)
  })
})

describe('degrading with the terminal size', () => {
  test('60×16 stacks servers under the quorum and shows how many rows did not fit', () => {
    const v = buildView(healthySnapshot(), ui(), {columns: 60, rows: 16})
    expect(v.sections.map((s) => s.map((p) => p.id))).toEqual([['quorum'], ['servers'], ['nodes'], ['jobs'], ['proxies'], ['events']])
    expect(panel(v, 'quorum').more).toBe(2)
  })

  test('below 40×10 a plain summary replaces the panels', () => {
    const v = buildView(quorumLostSnapshot(), ui(), {columns: 30, rows: 8})
    expect(v.sections).toEqual([])
    expect(viewText(v).map((l) => l.trimEnd())).toEqual(['zdev dev', 'quorum lost 0/3', 'leader server-1', 'nodes 3/3 ready', 'jobs 3, 0 failing', 'enlarge to 80×24 for panels'])
  })

  test('the frame always fits: at most rows-1 lines of at most `columns` cells', () => {
    const snaps = [healthySnapshot(), quorumLostSnapshot(), nodeDownSnapshot(), failedDeploymentSnapshot()]
    const overlays: UiState['overlay'][] = [
      {type: 'none'},
      {type: 'help'},
      {type: 'confirm', action: {verb: 'stop', kind: 'node', name: 'node-2'}},
      {type: 'logs', kind: 'node', name: 'node-2', lines: Array.from({length: 100}, (_, i) => `log line ${i} ${'x'.repeat(i)}`), error: null, scroll: 3},
    ]
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: 3}), fc.integer({min: 0, max: 3}), fc.constantFrom(...PANEL_ORDER),
        fc.integer({min: 20, max: 220}), fc.integer({min: 4, max: 70}),
        (si, oi, focus, columns, rows) => {
          const lines = viewText(buildView(snaps[si]!, ui({focus, overlay: overlays[oi]!}), {columns, rows}))
          expect(lines.length).toBeLessThanOrEqual(rows - 1)
          for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns)
        },
      ),
      {numRuns: 300},
    )
  })
})
