// update { progress_deadline, healthy_deadline, min_healthy_time } as Nomad documents them,
// against an injected clock: the deployment decision takes `now`; the client's health tracker
// runs on fake timers.
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import type {Allocation, Deployment} from '../../src/model/index.js'
import {deploymentDecision, promotedGroup} from '../../src/scheduler/index.js'
import {HealthTracker} from '../../src/client/runner/health-tracker.js'
import {makeJob, updateStrategy} from './fixtures.js'

const T0 = 1_700_000_000_000 // the deployment's first allocation is created
const S = 1000
const MIN = 60 * S
const PD = 10 * MIN // progress_deadline
const HD = 5 * MIN // healthy_deadline

const job = makeJob({Version: 1}, [{Count: 3, Update: updateStrategy({ProgressDeadline: PD * 1e6, HealthyDeadline: HD * 1e6, MinHealthyTime: 10e9})}])

function alloc(i: number, healthy: boolean | null, at: number, over: Partial<Allocation> = {}): Allocation {
  return {
    ID: `a${i}`, EvalID: 'e', Name: `example.web[${i}]`, Namespace: 'default', NodeID: 'n', NodeName: 'n', JobID: 'example', JobVersion: 1, TaskGroup: 'web',
    AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: []}}, DesiredStatus: 'run', DesiredDescription: '', DesiredTransition: {},
    ClientStatus: 'running', ClientDescription: '', DeploymentID: 'd1', DeploymentStatus: {Healthy: healthy, Canary: false, Timestamp: at},
    RescheduleTracker: null, PreviousAllocation: null, NextAllocation: null, FollowupEvalID: null, Metrics: null, TaskStates: null, CreateTime: T0, ModifyTime: at, ...over,
  }
}

function dep(over: Partial<Deployment['TaskGroups'][string]> = {}): Deployment {
  return {
    ID: 'd1', Namespace: 'default', JobID: 'example', JobVersion: 1, Status: 'running', StatusDescription: 'Deployment is running', CreateTime: T0, ModifyTime: T0,
    TaskGroups: {web: {AutoRevert: false, AutoPromote: false, ProgressDeadline: PD * 1e6, RequireProgressBy: T0 + PD, Promoted: false, PlacedCanaries: [], DesiredCanaries: 0, DesiredTotal: 3, PlacedAllocs: 3, HealthyAllocs: 0, UnhealthyAllocs: 0, ...over}},
  }
}

const status = (d: Deployment, allocs: Allocation[], now: number) => deploymentDecision(d, job, allocs, now).status

describe('progress_deadline: fails when no allocation turns healthy within it of the last progress', () => {
  test.each([
    ['nothing healthy, just inside the deadline', [] as [number, boolean | null, number][], T0 + PD, 'running'],
    ['nothing healthy, past the deadline', [], T0 + PD + 1, 'failed'],
    ['one healthy at +8 min: the deadline moves to +18 min', [[0, true, T0 + 8 * MIN]], T0 + 17 * MIN, 'running'],
    ['one healthy at +8 min, nothing since by +18 min', [[0, true, T0 + 8 * MIN]], T0 + 18 * MIN + 1, 'failed'],
    ['healthy at +8 and +15 min: progress again, deadline +25 min', [[0, true, T0 + 8 * MIN], [1, true, T0 + 15 * MIN]], T0 + 24 * MIN, 'running'],
    ['all healthy in time: successful, whatever the clock', [[0, true, T0 + MIN], [1, true, T0 + 2 * MIN], [2, true, T0 + 3 * MIN]], T0 + 60 * MIN, 'successful'],
  ] as const)('%s', (_d, spec, now, want) => {
    const allocs = spec.map(([i, h, at]) => alloc(i, h, at))
    // allocations not yet healthy are still within their healthy_deadline (placed just now)
    expect(status(dep(), [...allocs, alloc(9, null, now - S)], now)).toBe(want)
  })

  test('an allocation healthy before the deadline was last reset does not pull it back', () => {
    // promoted at +20 min: the deadline is +30 min, though the canary was healthy at +2 min
    const d = dep({DesiredCanaries: 1, Promoted: true, RequireProgressBy: T0 + 20 * MIN + PD})
    const canary = alloc(0, true, T0 + 2 * MIN, {DeploymentStatus: {Healthy: true, Canary: true, Timestamp: T0 + 2 * MIN}})
    expect(status(d, [canary, alloc(1, null, T0 + 29 * MIN)], T0 + 29 * MIN)).toBe('running')
    expect(deploymentDecision(d, job, [canary], T0 + 29 * MIN).groups.web!.requireProgressBy).toBe(T0 + 30 * MIN)
  })

  test('promotion resets the deadline to promotion time + progress_deadline', () => {
    const g = promotedGroup(dep({DesiredCanaries: 1}).TaskGroups.web!, T0 + 20 * MIN)
    expect(g).toMatchObject({Promoted: true, RequireProgressBy: T0 + 30 * MIN})
    expect(promotedGroup(dep({ProgressDeadline: 0, RequireProgressBy: null}).TaskGroups.web!, T0)).toMatchObject({Promoted: true, RequireProgressBy: null})
  })

  test('progress_deadline = 0: no deadline', () => {
    expect(status(dep({ProgressDeadline: 0, RequireProgressBy: null}), [], T0 + 1000 * MIN)).toBe('running')
  })
})

describe('healthy_deadline: an allocation not healthy by then is unhealthy', () => {
  test.each([
    ['placed 4:59 ago, no verdict', T0 + HD - S, 'running'],
    ['placed exactly healthy_deadline ago', T0 + HD, 'running'],
    ['placed longer ago, no verdict', T0 + HD + 1, 'failed'],
  ])('%s', (_d, now, want) => {
    const d = dep({RequireProgressBy: T0 + 100 * MIN})
    expect(status(d, [alloc(0, true, T0 + S), alloc(1, null, T0)], now)).toBe(want)
  })

  test('counted from when the allocation joined the deployment, not from its creation', () => {
    // created long ago, moved into this deployment by an in-place update one minute ago (status reset)
    const moved = alloc(1, null, 0, {CreateTime: T0 - 100 * MIN, ModifyTime: T0 + 9 * MIN, DeploymentStatus: null})
    const d = dep({RequireProgressBy: T0 + 100 * MIN})
    expect(status(d, [alloc(0, true, T0 + S), moved], T0 + 10 * MIN)).toBe('running')
    expect(status(d, [alloc(0, true, T0 + S), moved], T0 + 9 * MIN + HD + 1)).toBe('failed')
  })

  test('the unhealthy allocation is counted', () => {
    expect(deploymentDecision(dep({RequireProgressBy: T0 + 100 * MIN}), job, [alloc(1, null, T0)], T0 + HD + 1).groups.web).toMatchObject({healthy: 0, unhealthy: 1})
  })
})

describe('min_healthy_time and healthy_deadline on the client (Nomad: checks must pass that long without interruption)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const ok = {tasksRunning: true, checksPassing: true, taskFailed: false}
  const tracker = (useChecks = true) => {
    const verdicts: boolean[] = []
    const t = new HealthTracker({minHealthyMs: 10 * S, deadlineMs: HD, useChecks, onHealth: (h) => verdicts.push(h)})
    return {t, verdicts}
  }

  test('healthy once running and passing for min_healthy_time, not before', () => {
    const {t, verdicts} = tracker()
    t.update(ok)
    vi.advanceTimersByTime(10 * S - 1)
    expect(verdicts).toEqual([])
    vi.advanceTimersByTime(1)
    expect(verdicts).toEqual([true])
  })

  test('a failing check restarts the min_healthy_time window', () => {
    const {t, verdicts} = tracker()
    t.update(ok)
    vi.advanceTimersByTime(8 * S)
    t.update({...ok, checksPassing: false})
    vi.advanceTimersByTime(5 * S)
    t.update(ok)
    vi.advanceTimersByTime(9 * S)
    expect(verdicts).toEqual([])
    vi.advanceTimersByTime(1 * S)
    expect(verdicts).toEqual([true])
  })

  test('with health_check = "task_states", checks do not matter', () => {
    const {t, verdicts} = tracker(false)
    t.update({...ok, checksPassing: false})
    vi.advanceTimersByTime(10 * S)
    expect(verdicts).toEqual([true])
  })

  test('never passing: unhealthy at healthy_deadline', () => {
    const {t, verdicts} = tracker()
    t.update({...ok, checksPassing: false})
    vi.advanceTimersByTime(HD - 1)
    expect(verdicts).toEqual([])
    vi.advanceTimersByTime(1)
    expect(verdicts).toEqual([false])
  })

  test('passing but not for min_healthy_time before the deadline: unhealthy', () => {
    const {t, verdicts} = tracker()
    vi.advanceTimersByTime(HD - 5 * S)
    t.update(ok)
    vi.advanceTimersByTime(5 * S)
    expect(verdicts).toEqual([false])
    vi.advanceTimersByTime(60 * S)
    expect(verdicts).toEqual([false]) // decided once
  })

  test('a failed task is unhealthy at once', () => {
    const {t, verdicts} = tracker()
    t.update(ok)
    t.update({...ok, taskFailed: true})
    expect(verdicts).toEqual([false])
    vi.advanceTimersByTime(HD)
    expect(verdicts).toEqual([false])
  })
})
