import {render} from 'ink-testing-library'
import {afterEach, describe, expect, test, vi} from 'vitest'
import {App} from '../../../src/ui/dashboard/app.js'
import {renderDashboard} from '../../../src/ui/dashboard/render.js'
import type {DashboardSnapshot} from '../../../src/ui/dashboard/types.js'
import {eventually, FakeStdin, FakeStdout, KEY} from './fake-terminal.js'
import {failedDeploymentSnapshot, healthySnapshot, makeAlloc, makeJob, nodeDownSnapshot, quorumLostSnapshot} from './fixtures.js'
import {variableInfos} from '../../../src/ui/dashboard/rows-vars.js'
import {MemorySource} from './memory-source.js'

// Ink decides at import whether it runs in CI (then it draws only the last frame). These tests
// play a person's terminal, so CI must be unset before Ink loads (vi.hoisted runs before imports).
vi.hoisted(() => {
  for (const k of Object.keys(process.env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete process.env[k]
})

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function mount(first: DashboardSnapshot, size = {columns: 80, rows: 24}) {
  const source = new MemorySource(first)
  const r = render(<App source={source} size={size} frameIntervalMs={20} />)
  cleanups.push(() => r.unmount(), () => source.close())
  const frame = () => r.lastFrame() ?? ''
  const lines = () => frame().split('\n').map((l) => l.trimEnd())
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k)
      await new Promise((res) => setTimeout(res, 5))
    }
  }
  return {source, r, frame, lines, type}
}

describe('rendered frames', () => {
  test('healthy platform at 80×24', async () => {
    const {lines} = mount(healthySnapshot())
    await eventually(() => expect(lines()[0]).toBe('zdev dev · quorum ok · leader server-1 · 3/3 nodes ready · 10:00:00'))
    expect(lines()).toEqual([
      'zdev dev · quorum ok · leader server-1 · 3/3 nodes ready · 10:00:00',
      ' KV quorum ok 3/3 healthy                                Servers 2/2 up',
      ' ● etcd-1 leader    t2      2.1MB http://127.0.0.1:2379  ★ server-1     leader',
      ' ● etcd-2 follower  t2      2.1MB http://127.0.0.1:2381  ● server-2     standby',
      ' ● etcd-3 follower  t2      2.1MB http://127.0.0.1:2383',
      '▸Nodes 3/3 ready',
      '›● node-1 ready    dc1/web        1 cpu ██░░░░░░░░░░  13% mem ██░░░░░░░░░░  13%',
      ' ● node-2 ready    dc1/web        2 cpu █████░░░░░░░  38% mem █████░░░░░░░  38%',
      ' ● node-3 ready    dc1/batch      1 cpu ██░░░░░░░░░░  13% mem ██░░░░░░░░░░  13%',
      ' Jobs desired/placed/healthy',
      ' ● api     service v1  running    1/1/1',
      ' ● counter service v1  running    1/1/1',
      ' ● web     service v3  running    2/2/2  v3 deployed',
      ' Proxies 1/1 up',
      ' ● proxy-1 127.0.0.1:8080   3 routes   12.5/s  api 1 · web 2',
      ' Events',
      ' 09:59:55 server server-1 elected leader',
      ' 09:59:58 alloc web.web[0] (aaaa1111) started on node-1',
      'tab panel  ↑↓ select  k stop  s start  l logs  ? help  q quit',
    ])
  })

  test('quorum lost shows the banner and the members down', async () => {
    const {lines} = mount(quorumLostSnapshot())
    await eventually(() => expect(lines()[1]).toBe(' KV QUORUM LOST: 0/3 members healthy, writes are blocked. Start a member again …'))
    expect(lines()).toContain(' ○ etcd-1 stopped                 http://127.0.0.1:2379  ★ server-1     leader')
    expect(lines()).toContain(' 10:01:00 KV quorum lost (0/3 healthy)')
  })

  test('node down with allocations rescheduling, as the next snapshot arrives', async () => {
    const {source, lines, frame} = mount(healthySnapshot())
    await eventually(() => expect(frame()).toContain('3/3 nodes ready'))
    source.push(nodeDownSnapshot())
    await eventually(() => expect(frame()).toContain('2/3 nodes ready'))
    expect(lines()).toContain(' ✗ node-2 down     dc1/web        0 cpu ░░░░░░░░░░░░   0% mem ░░░░░░░░░░░░   0%')
    expect(lines()).toContain(' 10:00:30 alloc web.web[1] rescheduled node-2 → node-3 (dddd1111)')
    expect(lines()).toContain(' ● web     service v3  running    2/2/1  v3 deployed')
  })

  test('failed deployment', async () => {
    const {lines} = mount(failedDeploymentSnapshot())
    await eventually(() => expect(lines()).toContain(' Jobs desired/placed/healthy  2 failing'))
    expect(lines()).toContain(' ✗ web     service v4  running    2/2/2  v4 failed: Failed due to unhealthy all…')
    expect(lines()).toContain(' ✗ gpu     service v1  pending    1/0/0  1 unplaced: missing drivers')
  })

  test('help overlay opens with ? and closes with esc', async () => {
    const {lines, frame, type} = mount(healthySnapshot())
    await eventually(() => expect(frame()).toContain('Nodes'))
    await type('?')
    await eventually(() => expect(lines()[1]).toBe('Keys'))
    expect(lines()).toContain('  k                   stop the selected member, server, node, proxy or alloc')
    expect(lines()).toContain('  q, ctrl+c           quit the dashboard; the platform keeps running')
    await type(KEY.escape)
    await eventually(() => expect(frame()).toContain('▸Nodes'))
  })
})

describe('the developer loop\'s dashboard (issue 16), through Ink', () => {
  const withDevLoop = () => healthySnapshot({
    jobs: [makeJob('web', 2, {Status: 'pending', Version: 3})],
    allocs: [makeAlloc('aaaa1111-0', 'web', 0, 'node-1'), makeAlloc('aaaa2222-0', 'web', 1, 'node-2')],
    proxies: [{name: 'proxy-1', listen: 'http://127.0.0.1:8080', urls: ['http://127.0.0.1:8080', 'https://127.0.0.1:18443'], alive: true, routes: 3, requestsPerSec: 1, healthyByService: {web: 2}}],
    variables: variableInfos([{Namespace: 'default', Path: 'nomad/jobs/web', Items: {password: 'hunter2', user: 'admin'}, CreateIndex: 1, ModifyIndex: 1, CreateTime: 0, ModifyTime: 0}]),
  })

  test.each([80, 160])('at %i columns: running job, whole URLs, the variables panel without values; tab goes down the screen', async (columns) => {
    const {lines, frame, type} = mount(withDevLoop(), {columns, rows: 40})
    await eventually(() => expect(frame()).toContain('▸Nodes'))
    expect(lines().find((l) => l.includes(' web '))).toMatch(/● web +service v3 +running +2\/2\/2/)
    expect(frame()).toContain('http://127.0.0.1:8080')
    expect(frame()).toContain('https://127.0.0.1:18443')
    expect(lines().find((l) => l.includes('nomad/jobs/web'))).toMatch(/◆ nomad\/jobs\/web +password, user$/)
    expect(frame()).not.toContain('hunter2')
    const titles = lines().filter((l) => /^[ ▸](Nodes|Jobs|Variables|Proxies)/.test(l)).map((l) => l.slice(1).split(' ')[0])
    expect(titles).toEqual(['Nodes', 'Jobs', 'Variables', 'Proxies'])
    for (const want of ['Jobs', 'Variables', 'Proxies']) {
      await type(KEY.tab)
      await eventually(() => expect(lines().some((l) => l.startsWith(`▸${want}`))).toBe(true))
    }
  })
})

describe('keys act on the platform', () => {
  test('k → confirm → y stops the selected node', async () => {
    const {source, lines, frame, type} = mount(healthySnapshot())
    await eventually(() => expect(frame()).toContain('▸Nodes'))
    await type(KEY.down, 'k')
    await eventually(() => expect(frame()).toContain('Stop node node-2?  [y] yes  [n] no'))
    expect(lines()).toContain('│ Its allocations are lost and rescheduled on the other nodes.                 │')
    expect(source.actions).toEqual([])
    await type('y')
    await eventually(() => expect(source.actions).toEqual([{verb: 'stop', kind: 'node', name: 'node-2'}]))
    await eventually(() => expect(lines().at(-1)).toBe('stopped node node-2  tab panel  ↑↓ select  k stop  s start  l logs  ? help  q q…'))
  })

  test('k → n cancels without acting', async () => {
    const {source, frame, type} = mount(healthySnapshot())
    await eventually(() => expect(frame()).toContain('▸Nodes'))
    await type('k')
    await eventually(() => expect(frame()).toContain('Stop node node-1?'))
    await type('n')
    await eventually(() => expect(frame()).not.toContain('Stop node node-1?'))
    expect(source.actions).toEqual([])
  })

  test('a failing action is reported in the footer', async () => {
    const {source, lines, frame, type} = mount(healthySnapshot())
    source.actError = new Error('no such process')
    await eventually(() => expect(frame()).toContain('▸Nodes'))
    await type(KEY.shiftTab, KEY.shiftTab, 's')
    await eventually(() => expect(source.actions).toEqual([{verb: 'start', kind: 'etcd', name: 'etcd-1'}]))
    await eventually(() => expect(lines().at(-1)).toBe('could not start etcd etcd-1: no such process  tab panel  ↑↓ select  k stop  s s…'))
  })

  test('l shows the logs of the selected component', async () => {
    const {source, lines, frame, type} = mount(healthySnapshot())
    source.logLines = ['\x1b[32mstarted\x1b[0m', 'listening on 127.0.0.1:4646']
    await eventually(() => expect(frame()).toContain('▸Nodes'))
    await type(KEY.tab, KEY.tab, 'l') // nodes → jobs → proxies: the order on the screen
    await eventually(() => expect(lines()).toContain('started'))
    expect(source.logRequests).toEqual([{kind: 'proxy', name: 'proxy-1'}])
    expect(lines().slice(1, 4)).toEqual(['Logs of proxy proxy-1  ↑↓ scroll  esc close', 'started', 'listening on 127.0.0.1:4646'])
  })

  test('a burst of snapshots redraws at most once per frame interval', async () => {
    const source = new MemorySource(healthySnapshot())
    const r = render(<App source={source} size={{columns: 80, rows: 24}} frameIntervalMs={100} />)
    cleanups.push(() => r.unmount(), () => source.close())
    await eventually(() => expect(r.lastFrame()).toContain('10:00:00'))
    const before = r.frames.length
    for (let i = 1; i <= 50; i++) source.push(healthySnapshot({at: healthySnapshot().at + i * 1000}))
    await eventually(() => expect(r.lastFrame()).toContain('10:00:50'))
    expect(r.frames.length - before).toBeLessThanOrEqual(3)
  })
})

describe('renderDashboard on a terminal of 80×24', () => {
  test('the frame fits in 23 lines of 80 cells, and q quits without closing the source', async () => {
    const stdout = new FakeStdout(80, 24)
    const stdin = new FakeStdin()
    const source = new MemorySource(nodeDownSnapshot())
    const h = renderDashboard(source, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream}, {tzOffsetMinutes: 0})
    cleanups.push(() => h.unmount(), () => source.close())
    await eventually(() => expect(stdout.lastFrameLines()[0]).toContain('zdev dev'))
    const lines = stdout.lastFrameLines()
    expect(lines.length).toBeLessThanOrEqual(23)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80)
    expect(lines.at(-1)).toBe('tab panel  ↑↓ select  k stop  s start  l logs  ? help  q quit')
    stdin.type('q')
    await h.done
    expect(source.closed).toBe(false)
  })

  test('follows a resize', async () => {
    const stdout = new FakeStdout(80, 24)
    const source = new MemorySource(healthySnapshot())
    const h = renderDashboard(source, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream}, {tzOffsetMinutes: 0})
    cleanups.push(() => h.unmount(), () => source.close())
    await eventually(() => expect(stdout.lastFrameLines()[0]).toContain('zdev dev'))
    stdout.columns = 30
    stdout.rows = 8
    stdout.emit('resize')
    await eventually(() => expect(stdout.lastFrameLines()).toContain('enlarge to 80×24 for panels'))
  })
})
