// The dashboard as issue 16 asks: job status in `zdev status`'s words (same function), tab in
// screen order, proxy URLs never cut, lost allocations described as lost, and a variables panel
// (paths and key names, never values) once variables exist. Pure: buildView over fixtures.
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import type {Allocation} from '../../../src/model/allocation.js'
import type {Job} from '../../../src/model/job.js'
import {summarizeCluster} from '../../../src/platform/cluster-summary.js'
import type {ClusterState} from '../../../src/store/cluster-state.js'
import {reduceKey} from '../../../src/ui/dashboard/reduce-key.js'
import {lostReason} from '../../../src/ui/dashboard/lost.js'
import {wrapText} from '../../../src/ui/dashboard/rows-proxies-events.js'
import {variableInfos} from '../../../src/ui/dashboard/rows-vars.js'
import type {DashboardSnapshot} from '../../../src/ui/dashboard/types.js'
import {createUiState, PANEL_ORDER, type PanelId, type UiState} from '../../../src/ui/dashboard/ui-state.js'
import {buildView} from '../../../src/ui/dashboard/view-model.js'
import type {PanelView, View} from '../../../src/ui/dashboard/view-types.js'
import {healthySnapshot, makeAlloc, makeJob, nodeDownSnapshot, T0} from './fixtures.js'

const ui = (over: Partial<UiState> = {}): UiState => ({...createUiState(), ...over})
const panel = (v: View, id: PanelId): PanelView | undefined => v.sections.flat().find((p) => p.id === id)
const text = (r: {segments: {text: string}[]}) => r.segments.map((s) => s.text).join('')
const rowText = (p: PanelView, key: string) => text(p.rows.find((r) => r.key === key)!).trimEnd()

const stateOf = (snap: DashboardSnapshot): ClusterState =>
  ({jobs: Object.fromEntries(snap.jobs.map((j) => [j.ID, j])), jobVersions: {}, jobModRevisions: {}, nodes: snap.nodes, allocs: snap.allocs, evals: [], deployments: [], services: [], servers: [], proxies: [], events: []}) as unknown as ClusterState

describe('job status: the words of `zdev status`', () => {
  test('a running job shows running even when its stored Status field says pending', () => {
    const snap = healthySnapshot({jobs: [makeJob('web', 2, {Status: 'pending', Version: 3})]})
    const v = buildView(snap, ui({focus: 'jobs'}), {columns: 80, rows: 24})
    expect(rowText(panel(v, 'jobs')!, 'web')).toMatch(/^›● web {4}service v3  running {4}2\/2\/2/)
  })

  test('stopped, periodic and batch jobs: the same words, never cut', () => {
    const snap = healthySnapshot({
      jobs: [makeJob('old', 1, {Stop: true}), makeJob('cron', 1, {Periodic: {Enabled: true, Spec: '* * * * *', SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC'}}), makeJob('once', 1, {Type: 'batch'})],
      allocs: [makeAlloc('b-1', 'once', 0, 'node-1', {ClientStatus: 'complete'})],
    })
    const rows = panel(buildView(snap, ui(), {columns: 80, rows: 30}), 'jobs')!
    expect(rowText(rows, 'old')).toContain(' dead (stopped) ')
    expect(rowText(rows, 'cron')).toContain(' running (periodic) ')
    expect(rowText(rows, 'once')).toContain(' dead ')
  })

  const clientStatus = fc.constantFrom<Allocation['ClientStatus']>('pending', 'running', 'complete', 'failed', 'lost')
  test('property: the jobs panel prints exactly summarizeCluster\'s status; with a running alloc never "pending"', () => {
    fc.assert(fc.property(
      fc.array(fc.record({status: clientStatus, desired: fc.constantFrom<Allocation['DesiredStatus']>('run', 'stop')}), {maxLength: 5}),
      fc.constantFrom<Job['Type']>('service', 'batch'), fc.boolean(), fc.boolean(),
      (allocs, type, stop, periodic) => {
        const job = makeJob('app', 2, {Type: type, Stop: stop, Status: 'pending', Periodic: periodic ? {Enabled: true, Spec: '* * * * *', SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC'} : null})
        const snap = healthySnapshot({jobs: [job], allocs: allocs.map((a, i) => makeAlloc(`a-${i}`, 'app', i, 'node-1', {ClientStatus: a.status, DesiredStatus: a.desired}))})
        const want = summarizeCluster(stateOf(snap), null).jobs[0]!.status
        const row = rowText(panel(buildView(snap, ui(), {columns: 120, rows: 40}), 'jobs')!, 'app')
        expect(row).toContain(` ${want} `)
        if (!stop && !periodic && allocs.some((a) => a.status === 'running' && a.desired === 'run')) expect(row).not.toContain('pending')
      },
    ), {numRuns: 200})
  })
})

describe('tab follows the screen', () => {
  /** Panel ids as the screen shows them: sections top to bottom, panels left to right. */
  const onScreen = (v: View) => v.sections.flatMap((s) => s.map((p) => p.id))

  test('at 80×24: quorum, servers, nodes, jobs, proxies, then the bottom slot (allocations, events)', () => {
    const v = buildView(healthySnapshot(), ui(), {columns: 80, rows: 24})
    expect(onScreen(v)).toEqual(['quorum', 'servers', 'nodes', 'jobs', 'proxies', 'events'])
    expect(v.focusOrder).toEqual(['quorum', 'servers', 'nodes', 'jobs', 'proxies', 'allocs', 'events'])
  })

  test('property: at any size, the focus order is the screen order, and tab visits each panel once', () => {
    const snap = {...nodeDownSnapshot(), variables: variableInfos([{Namespace: 'default', Path: 'app/db', Items: {password: 'x'}, CreateIndex: 1, ModifyIndex: 1, CreateTime: 0, ModifyTime: 0}])}
    fc.assert(fc.property(fc.integer({min: 40, max: 220}), fc.integer({min: 10, max: 70}), fc.constantFrom(...PANEL_ORDER), (columns, rows, focus) => {
      const size = {columns, rows}
      const v = buildView(snap, ui({focus}), size)
      const screen = onScreen(v).flatMap((id) => (id === 'allocs' || id === 'events' ? ['allocs', 'events'] : [id]))
      expect(v.focusOrder).toEqual(screen.filter((id, i) => screen.indexOf(id) === i))
      // Each tab goes to the next panel on the screen it was pressed on (the app rebuilds the
      // view after each key; on a short terminal which panels fit depends on the focus).
      let state = ui({focus: v.focusOrder[0]!})
      for (let i = 0; i < 10; i++) {
        const shown = buildView(snap, state, size)
        const next = reduceKey(state, {input: '', tab: true}, shown).uiState
        const at = shown.focusOrder.indexOf(state.focus)
        expect(next.focus).toBe(shown.focusOrder[(at + 1) % shown.focusOrder.length])
        state = next
      }
    }), {numRuns: 200})
  })
})

describe('proxy URLs are never cut', () => {
  const urls = ['http://127.0.0.1:8080', 'https://127.0.0.1:18443']
  const long = `http://127.0.0.1:8080/${'very-long-path-'.repeat(12)}end`
  const snap = (list: string[]) => healthySnapshot({proxies: [
    {name: 'proxy-1', listen: list[0]!, urls: list, alive: true, routes: 3, requestsPerSec: 12.5, healthyByService: {web: 2, api: 1}},
    {name: 'proxy-2', listen: 'http://127.0.0.1:8081', alive: false, routes: 0, requestsPerSec: 0, healthyByService: {}},
  ]})

  test('at 160 columns the URLs share the proxy\'s line, whole', () => {
    const p = panel(buildView(snap(urls), ui(), {columns: 160, rows: 40}), 'proxies')!
    expect(rowText(p, 'proxy-1')).toBe(' ● proxy-1 http://127.0.0.1:8080 https://127.0.0.1:18443   3 routes   12.5/s  api 1 · web 2')
    expect(rowText(p, 'proxy-2')).toBe(' ✗ proxy-2 http://127.0.0.1:8081                         down')
  })

  test('at 80 columns they still share the line (the services give way, not the URLs)', () => {
    const p = panel(buildView(snap(urls), ui(), {columns: 80, rows: 40}), 'proxies')!
    expect(rowText(p, 'proxy-1')).toBe(' ● proxy-1 http://127.0.0.1:8080 https://127.0.0.1:18443   3 routes   12.5/s  a…')
  })

  test('narrower, each URL gets a line of its own below its proxy, whole; those lines are not selectable', () => {
    const v = buildView(snap(urls), ui({focus: 'proxies'}), {columns: 60, rows: 40})
    const lines = panel(v, 'proxies')!.rows.map((r) => text(r).trimEnd())
    expect(lines).toEqual([
      '›● proxy-1   3 routes   12.5/s  api 1 · web 2',
      '     http://127.0.0.1:8080',
      '     https://127.0.0.1:18443',
      ' ✗ proxy-2 down',
      '     http://127.0.0.1:8081',
    ])
    expect(v.rowKeys.proxies).toEqual(['proxy-1', 'proxy-2'])
    const down = reduceKey(ui({focus: 'proxies'}), {input: '', downArrow: true}, v).uiState
    expect(buildView(snap(urls), down, {columns: 60, rows: 40}).target?.name).toBe('proxy-2')
  })

  test('property: at any width every URL is on the screen in full (wrapped when longer than the panel)', () => {
    fc.assert(fc.property(fc.integer({min: 40, max: 220}), fc.constantFrom(urls, [long], [...urls, long]), (columns, list) => {
      const v = buildView(snap(list), ui({focus: 'proxies'}), {columns, rows: 70})
      const rows = panel(v, 'proxies')!.rows.map((r) => text(r))
      const joined = rows.map((r) => r.replace(/^ {5}/, '').trimEnd()).join('')
      for (const u of list) expect(rows.some((r) => r.includes(u)) || joined.includes(u)).toBe(true)
      for (const r of rows) expect(r.length).toBeLessThanOrEqual(columns)
    }), {numRuns: 150})
  })

  test('wrapText cuts nothing: the pieces join back to the text', () => {
    fc.assert(fc.property(fc.string({maxLength: 300}), fc.integer({min: 1, max: 80}), (s, w) => {
      const pieces = wrapText(s, w)
      expect(pieces.join('')).toBe(s)
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(w)
    }))
  })
})

describe('lost allocations are described as lost', () => {
  test('marked lost by the leader: status lost, and why (its node is down)', () => {
    const v = buildView(nodeDownSnapshot(), ui({focus: 'allocs'}), {columns: 150, rows: 40})
    expect(rowText(panel(v, 'allocs')!, 'aaaa2222-0')).toBe(' aaaa2222 web.web[1]         node-2 lost               node node-2 down')
  })

  test('still "running" in the KV but its node is down: lost, awaiting a replacement; replaced once it is', () => {
    const s = nodeDownSnapshot()
    s.allocs = s.allocs.map((a) => (a.ID === 'bbbb1111-0' ? {...a, ClientStatus: 'running', DesiredStatus: 'run'} : a.ID === 'aaaa2222-0' ? {...a, NextAllocation: 'dddd1111-0'} : a))
    const p = panel(buildView(s, ui({focus: 'allocs'}), {columns: 220, rows: 40}), 'allocs')!
    expect(rowText(p, 'bbbb1111-0')).toMatch(/node-2 lost +node node-2 down; awaiting/)
    expect(rowText(p, 'aaaa2222-0')).toMatch(/node-2 lost +node node-2 down; replaced by dddd1111$/)
    expect(p.title.map((t) => t.text).join('')).toContain('4 live') // 5 not ended, but the lost one is not live
    const jobs = panel(buildView(s, ui(), {columns: 220, rows: 40}), 'jobs')!
    expect(rowText(jobs, 'api')).toMatch(/ 1\/1\/1$/) // its replacement on node-1 counts; the lost one on node-2 does not
  })

  test('lostReason: a running alloc on a ready node and an ended one are not lost', () => {
    const s = nodeDownSnapshot()
    expect(lostReason(makeAlloc('x', 'web', 0, 'node-1'), s.nodes)).toBeNull()
    expect(lostReason(makeAlloc('y', 'web', 0, 'node-2', {ClientStatus: 'complete', DesiredStatus: 'stop'}), s.nodes)).toBeNull()
    expect(lostReason(makeAlloc('z', 'web', 0, 'gone-node'), s.nodes)).toBe('node gone-node down; awaiting a replacement')
  })
})

describe('the variables panel', () => {
  const secret = 'hunter2-do-not-show'
  const vars = variableInfos([
    {Namespace: 'default', Path: 'nomad/jobs/web', Items: {password: secret, user: 'admin'}, CreateIndex: 5, ModifyIndex: 9, CreateTime: T0 * 1e6, ModifyTime: T0 * 1e6},
    {Namespace: 'prod', Path: 'app/db', Items: {dsn: secret}, CreateIndex: 7, ModifyIndex: 7, CreateTime: T0 * 1e6, ModifyTime: T0 * 1e6},
  ])

  test('variableInfos keeps paths and key names, never a value', () => {
    expect(vars).toEqual([
      {namespace: 'default', path: 'nomad/jobs/web', keys: ['password', 'user'], modifyTime: T0},
      {namespace: 'prod', path: 'app/db', keys: ['dsn'], modifyTime: T0},
    ])
    expect(JSON.stringify(vars)).not.toContain(secret)
  })

  test('no variables: no panel; once one exists it sits under the jobs and tab reaches it there', () => {
    expect(panel(buildView(healthySnapshot(), ui(), {columns: 80, rows: 40}), 'vars')).toBeUndefined()
    const v = buildView(healthySnapshot({variables: vars}), ui({focus: 'vars'}), {columns: 80, rows: 40})
    expect(v.sections.map((s) => s.map((p) => p.id))).toEqual([['quorum', 'servers'], ['nodes'], ['jobs'], ['vars'], ['proxies'], ['events']])
    expect(v.focusOrder.indexOf('vars')).toBe(v.focusOrder.indexOf('jobs') + 1)
    const p = panel(v, 'vars')!
    expect(p.title.map((t) => t.text).join('')).toBe('▸Variables 2 paths, 3 keys (values hidden)')
    expect(p.rows.map((r) => text(r).trimEnd())).toEqual(['›◆ nomad/jobs/web  password, user', ' ◆ prod:app/db     dsn'])
    expect(v.target).toBeNull() // nothing to stop or start
  })
})
