import {render} from 'ink-testing-library'
import React from 'react'
import {describe, expect, test} from 'vitest'
import type {LiveEvent} from '../../src/chaos/context.js'
import type {FaultEvent} from '../../src/chaos/types.js'
import {initialLive, reduceLive} from '../../src/ui/chaos/live-state.js'
import {ChaosLiveView} from '../../src/ui/chaos/live-view.js'
import {formatLiveEvent} from '../../src/ui/chaos/plain.js'

const T0 = 1_000_000
const ev: FaultEvent = {id: 'fault 1', kind: 'proxy', action: 'kill', target: 'proxy-1', injectedAt: T0 + 3000, detectedAt: null, recoveredAt: null}
const events: LiveEvent[] = [
  {type: 'start', mode: 'random', title: 'seed 3', durationMs: 30_000, targets: 2, at: T0},
  {type: 'fault', phase: 'injected', event: ev, detail: 'SIGKILL proxy-1 (pid 9)', at: T0 + 3000},
  {type: 'fault', phase: 'detected', event: ev, detail: 'proxy proxy-1 does not serve a routed request', at: T0 + 3100},
  {type: 'load', at: T0 + 4000, windowOk: 25, windowFailed: 25, totalOk: 175, totalFailed: 25, p50Ms: 3, p99Ms: 40},
  {type: 'fault', phase: 'recovered', event: ev, at: T0 + 5200},
]

describe('chaos live output', () => {
  test('plain lines: each fault as it happens and the load success rate', () => {
    expect(events.map((e) => formatLiveEvent(e, T0))).toEqual([
      'chaos: seed 3; load over 2 route×proxy target(s) for 30s',
      '[  3.0s] → fault 1 kill proxy-1: SIGKILL proxy-1 (pid 9)',
      '[  3.1s] ! fault 1 kill proxy-1: detected after 0.1s (proxy proxy-1 does not serve a routed request)',
      '[  4.0s] load: 50.0% ok of 50 req in the last 1s (p50 3 ms, p99 40 ms); total 87.50% of 200',
      '[  5.2s] ✓ fault 1 kill proxy-1: routed and healthy again after 2.2s',
    ])
    // a quiet second without failures is not printed (only every 5 s)
    expect(formatLiveEvent({type: 'load', at: T0 + 6000, windowOk: 50, windowFailed: 0, totalOk: 1, totalFailed: 0, p50Ms: 1, p99Ms: 1}, T0)).toBeNull()
  })

  test('the Ink view shows the rate, the latency and each fault', () => {
    const state = events.reduce(reduceLive, initialLive)
    expect(state.rows).toEqual([{key: 'fault 1', label: 'fault 1 kill proxy-1', status: 'healed', detail: 'healed after 2.2s'}])
    const {lastFrame, unmount} = render(React.createElement(ChaosLiveView, {source: {state: () => state, subscribe: () => () => undefined}}))
    const frame = lastFrame()!
    expect(frame).toContain('zdev chaos: seed 3')
    expect(frame).toContain('50.0% ok of 50 req/s')
    expect(frame).toContain('p99 40 ms')
    expect(frame).toContain('✓ fault 1 kill proxy-1 healed after 2.2s')
    unmount()
  })
})
