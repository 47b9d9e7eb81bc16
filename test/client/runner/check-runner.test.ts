import {afterEach, describe, expect, test, vi} from 'vitest'
import {CheckRunner} from '../../../src/client/runner/check-runner.js'
import {HealthTracker} from '../../../src/client/runner/health-tracker.js'
import type {ResolvedCheck, ResolvedService} from '../../../src/client/runner/services.js'

afterEach(() => {
  vi.useRealTimers()
})

function check(name: string, over: Partial<ResolvedCheck> = {}): ResolvedCheck {
  return {
    name, type: 'http', address: '127.0.0.1', port: 1, path: '/', protocol: 'http', method: 'GET', headers: {}, command: '', args: [],
    taskName: null, intervalMs: 100, timeoutMs: 50, initialStatus: 'critical', successBeforePassing: 0, failuresBeforeCritical: 0, ...over,
  }
}
function service(name: string, checks: ResolvedCheck[]): ResolvedService {
  return {name, taskName: null, tags: [], canaryTags: [], meta: {}, address: '127.0.0.1', port: 1, portLabel: 'http', provider: 'nomad', checks}
}

describe('CheckRunner', () => {
  test('folds checks per service; services without checks are healthy at once', async () => {
    vi.useFakeTimers()
    const results: Record<string, boolean[]> = {a1: [true, true], a2: [false, true], b1: [true, false]}
    const seen: string[] = []
    const r = new CheckRunner({
      services: [service('a', [check('a1'), check('a2')]), service('b', [check('b1')]), service('c', [])],
      scriptContext: () => undefined,
      onService: (s, h) => seen.push(`${s}=${h}`),
      probe: async (c) => ({ok: results[c.name]!.shift() ?? true, output: ''}),
    })
    r.start()
    await vi.advanceTimersByTimeAsync(1)
    expect(seen).toEqual(['a=false', 'b=false', 'c=true', 'b=true'])
    await vi.advanceTimersByTimeAsync(100)
    expect(seen).toEqual(['a=false', 'b=false', 'c=true', 'b=true', 'a=true', 'b=false'])
    expect(r.allPassing()).toBe(false)
    r.stop()
  })

  test('success_before_passing and failures_before_critical', async () => {
    vi.useFakeTimers()
    const outcomes = [true, true, false, false, false]
    const seen: string[] = []
    const r = new CheckRunner({
      services: [service('s', [check('x', {successBeforePassing: 2, failuresBeforeCritical: 2})])],
      scriptContext: () => undefined,
      onService: (s, h) => seen.push(`${s}=${h}`),
      probe: async () => ({ok: outcomes.shift() ?? false, output: ''}),
    })
    r.start()
    const statuses: boolean[] = []
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(i === 0 ? 1 : 100)
      statuses.push(r.allPassing())
    }
    expect(statuses).toEqual([false, true, true, true, false])
    expect(seen).toEqual(['s=false', 's=true', 's=false'])
    r.stop()
  })
})

test('until a check first passes it is retried every fastStartMs, then on its interval', async () => {
  vi.useFakeTimers()
  const outcomes = [false, false, true, false]
  const at: number[] = []
  const t0 = Date.now()
  const r = new CheckRunner({
    services: [service('s', [check('x', {intervalMs: 10_000})])],
    scriptContext: () => undefined,
    onService: () => {},
    probe: async () => (at.push(Date.now() - t0), {ok: outcomes.shift() ?? true, output: ''}),
    fastStartMs: 250,
    fastStartFirstMs: 250,
  })
  r.start()
  await vi.advanceTimersByTimeAsync(20_600)
  r.stop()
  expect(at).toEqual([0, 250, 500, 10_500, 20_500])
})

test('the fast retries start at fastStartFirstMs and double up to fastStartMs', async () => {
  vi.useFakeTimers()
  const outcomes = [false, false, false, false, false, false, true, false]
  const at: number[] = []
  const t0 = Date.now()
  const r = new CheckRunner({
    services: [service('s', [check('x', {intervalMs: 10_000})])],
    scriptContext: () => undefined,
    onService: () => {},
    probe: async () => (at.push(Date.now() - t0), {ok: outcomes.shift() ?? true, output: ''}),
    fastStartMs: 250,
  })
  r.start()
  await vi.advanceTimersByTimeAsync(10_800)
  r.stop()
  // 20, 40, 80, 160, then capped at 250; passing at 800 → back to the 10 s interval
  expect(at).toEqual([0, 20, 60, 140, 300, 550, 800, 10_800])
})

describe('HealthTracker', () => {
  test('healthy after min_healthy_time of uninterrupted health', () => {
    vi.useFakeTimers()
    const got: boolean[] = []
    const h = new HealthTracker({minHealthyMs: 100, deadlineMs: 1000, useChecks: true, onHealth: (x) => got.push(x)})
    h.update({tasksRunning: true, checksPassing: true, taskFailed: false})
    vi.advanceTimersByTime(60)
    h.update({tasksRunning: true, checksPassing: false, taskFailed: false}) // check flapped: start over
    h.update({tasksRunning: true, checksPassing: true, taskFailed: false})
    vi.advanceTimersByTime(99)
    expect(got).toEqual([])
    vi.advanceTimersByTime(1)
    expect(got).toEqual([true])
    vi.advanceTimersByTime(5000)
    expect(got).toEqual([true])
  })

  test.each([
    ['deadline passes first', [], 1000, [false]],
    ['a task failed', [{tasksRunning: false, checksPassing: true, taskFailed: true}], 0, [false]],
  ])('unhealthy when %s', (_d, updates, advance, want) => {
    vi.useFakeTimers()
    const got: boolean[] = []
    const h = new HealthTracker({minHealthyMs: 100, deadlineMs: 1000, useChecks: true, onHealth: (x) => got.push(x)})
    for (const u of updates) h.update(u)
    vi.advanceTimersByTime(advance)
    expect(got).toEqual(want)
  })

  test('task_states mode ignores checks', () => {
    vi.useFakeTimers()
    const got: boolean[] = []
    const h = new HealthTracker({minHealthyMs: 10, deadlineMs: 1000, useChecks: false, onHealth: (x) => got.push(x)})
    h.update({tasksRunning: true, checksPassing: false, taskFailed: false})
    vi.advanceTimersByTime(10)
    expect(got).toEqual([true])
  })
})
