import {expect, test} from 'vitest'
import {createLatestThrottle, type Timers} from '../../../src/ui/dashboard/throttle-latest.js'

function fakeTimers() {
  let now = 0
  const queue: {at: number; fn: () => void; id: number}[] = []
  let id = 0
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      queue.push({at: now + ms, fn, id: ++id})
      return id
    },
    clearTimeout: (h) => {
      const i = queue.findIndex((t) => t.id === h)
      if (i >= 0) queue.splice(i, 1)
    },
  }
  const advance = (ms: number) => {
    const until = now + ms
    for (;;) {
      queue.sort((a, b) => a.at - b.at)
      const t = queue[0]
      if (!t || t.at > until) break
      queue.shift()
      now = t.at
      t.fn()
    }
    now = until
  }
  return {timers, advance}
}

test('delivers the first value at once and the latest of a burst one interval later', () => {
  const {timers, advance} = fakeTimers()
  const got: number[] = []
  const t = createLatestThrottle<number>((v) => got.push(v), 100, timers)
  t.push(1)
  t.push(2)
  t.push(3)
  expect(got).toEqual([1])
  advance(99)
  expect(got).toEqual([1])
  advance(1)
  expect(got).toEqual([1, 3])
})

test('at most 10 deliveries a second under a flood, and the last value always arrives', () => {
  const {timers, advance} = fakeTimers()
  const got: number[] = []
  const t = createLatestThrottle<number>((v) => got.push(v), 100, timers)
  for (let i = 0; i < 1000; i++) {
    t.push(i)
    advance(1)
  }
  advance(200)
  expect(got.length).toBeLessThanOrEqual(11)
  expect(got.at(-1)).toBe(999)
})

test('close drops what is pending', () => {
  const {timers, advance} = fakeTimers()
  const got: number[] = []
  const t = createLatestThrottle<number>((v) => got.push(v), 100, timers)
  t.push(1)
  t.push(2)
  t.close()
  advance(500)
  t.push(3)
  expect(got).toEqual([1])
})
