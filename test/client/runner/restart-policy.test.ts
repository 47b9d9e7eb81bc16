import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {decideRestart, newRestartTracker, type ExitKind} from '../../../src/client/runner/restart-policy.js'
import type {RestartPolicy} from '../../../src/model/index.js'

const fail = (p: Partial<RestartPolicy> = {}): RestartPolicy => ({Attempts: 2, Interval: 60e9, Delay: 1e9, Mode: 'fail', ...p})
const exit = (code: number): ExitKind => ({kind: 'exited', exitCode: code, signal: null})

describe('decideRestart', () => {
  test('restarts within attempts, then fails with Nomad\'s message', () => {
    let t = newRestartTracker(0)
    const out: string[] = []
    for (const now of [1000, 3000, 5000]) {
      const r = decideRestart(t, exit(1), fail(), 'restart', now, 0)
      t = r.tracker
      out.push(r.decision.action === 'restart' ? `restart ${r.decision.delayMs} ${r.decision.message}` : `stop failed=${r.decision.failed} ${r.decision.message}`)
    }
    expect(out).toEqual([
      'restart 1000 Task restarting in 1s',
      'restart 1000 Task restarting in 1s',
      'stop failed=true Exceeded allowed attempts 2 in interval 1m0s and mode is "fail"',
    ])
  })

  test('jitter adds up to 25% of the delay', () => {
    const r = decideRestart(newRestartTracker(0), exit(1), fail({Delay: 2e9}), 'restart', 10, 1)
    expect(r.decision).toEqual({action: 'restart', delayMs: 2500, message: 'Task restarting in 2.5s'})
  })

  test('a new interval resets the count', () => {
    let t = newRestartTracker(0)
    t = decideRestart(t, exit(1), fail({Attempts: 1}), 'restart', 100, 0).tracker
    const late = decideRestart(t, exit(1), fail({Attempts: 1}), 'restart', 61_000, 0)
    expect(late.decision.action).toBe('restart')
    expect(late.tracker).toEqual({count: 1, windowStart: 61_000})
  })

  test('mode delay waits for the end of the interval', () => {
    let t = newRestartTracker(0)
    t = decideRestart(t, exit(1), fail({Attempts: 1, Mode: 'delay'}), 'restart', 1000, 0).tracker
    const r = decideRestart(t, exit(1), fail({Attempts: 1, Mode: 'delay'}), 'restart', 20_000, 0)
    expect(r.decision).toEqual({action: 'restart', delayMs: 40_000, message: 'Exceeded allowed attempts 1 in interval 1m0s and mode is "delay"'})
  })

  test.each([
    ['batch exit 0 completes', exit(0), 'complete' as const, fail(), {action: 'stop', failed: false, message: ''}],
    ['service exit 0 restarts', exit(0), 'restart' as const, fail(), {action: 'restart', delayMs: 1000, message: 'Task restarting in 1s'}],
    ['no attempts: failure fails', exit(2), 'restart' as const, fail({Attempts: 0}), {action: 'stop', failed: true, message: 'Policy allows no restarts'}],
    ['no attempts: service exit 0 is not a failure', exit(0), 'restart' as const, fail({Attempts: 0}), {action: 'stop', failed: false, message: 'Policy allows no restarts'}],
    ['killed by a signal is a failure for batch', {kind: 'exited', exitCode: null, signal: 'SIGKILL'} as ExitKind, 'complete' as const, fail(), {action: 'restart', delayMs: 1000, message: 'Task restarting in 1s'}],
    ['unrecoverable start error', {kind: 'start-error', recoverable: false, message: 'x'} as ExitKind, 'restart' as const, fail(), {action: 'stop', failed: true, message: 'Error was unrecoverable'}],
    ['recoverable start error restarts', {kind: 'start-error', recoverable: true, message: 'x'} as ExitKind, 'restart' as const, fail(), {action: 'restart', delayMs: 1000, message: 'Task restarting in 1s'}],
  ])('%s', (_d, e, mode, policy, want) => {
    expect(decideRestart(newRestartTracker(0), e, policy, mode, 5, 0).decision).toEqual(want)
  })

  test('property: never more than Attempts restarts inside one interval in mode fail', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 5}), fc.array(fc.integer({min: 0, max: 5000}), {maxLength: 30}), (attempts, gaps) => {
        const policy = fail({Attempts: attempts, Interval: 1e12})
        let t = newRestartTracker(0)
        let now = 0
        let restarts = 0
        for (const g of gaps) {
          now += g
          const r = decideRestart(t, exit(1), policy, 'restart', now, 0.5)
          t = r.tracker
          if (r.decision.action === 'stop') break
          restarts++
        }
        return restarts <= attempts
      }),
    )
  })
})
