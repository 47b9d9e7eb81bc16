import {describe, expect, test} from 'vitest'
import {PollAborted, PollTimeout, pollUntil} from '../../src/lib/poll-until.js'

describe('pollUntil', () => {
  test('returns the first value other than undefined, checking again each interval', async () => {
    let n = 0
    expect(await pollUntil(() => (++n === 3 ? 'third' : undefined), {timeoutMs: 5000, intervalMs: 1})).toBe('third')
    expect(n).toBe(3)
  })

  test('a wake-up checks again at once instead of waiting out the interval', async () => {
    let n = 0
    let again!: () => void
    const p = pollUntil(() => (++n === 2 ? n : undefined), {timeoutMs: 120_000, intervalMs: 60_000, wake: (fn) => ((again = fn), () => undefined)})
    await new Promise((r) => setTimeout(r, 20))
    again() // without it the test would wait a minute and time out
    expect(await p).toBe(2)
  })

  test('a wake-up during a check makes the next check immediate', async () => {
    let n = 0
    let again!: () => void
    const p = pollUntil(
      () => {
        n++
        if (n === 1) again()
        return n === 2 ? 'woken' : undefined
      },
      {timeoutMs: 120_000, intervalMs: 60_000, wake: (fn) => ((again = fn), () => undefined)},
    )
    expect(await p).toBe('woken')
  })

  test('times out with PollTimeout, and stops with PollAborted when abort() gives a reason', async () => {
    await expect(pollUntil(() => undefined, {timeoutMs: 30, intervalMs: 5})).rejects.toBeInstanceOf(PollTimeout)
    let n = 0
    const err = await pollUntil(() => undefined, {timeoutMs: 60_000, intervalMs: 1, abort: () => (++n === 2 ? 'it died' : undefined)}).catch((e: Error) => e)
    expect(err).toBeInstanceOf(PollAborted)
    expect((err as Error).message).toBe('it died')
  })

  test('an abort signal ends the wait without waiting out the interval', async () => {
    const ac = new AbortController()
    const p = pollUntil(() => undefined, {timeoutMs: 120_000, intervalMs: 60_000, signal: ac.signal})
    setTimeout(() => ac.abort('stop'), 10)
    await expect(p).rejects.toThrow('stop')
  })

  test('unsubscribes its wake-up when it ends', async () => {
    let subscribed = 0
    await pollUntil(() => 1, {timeoutMs: 100, wake: () => (subscribed++, () => void subscribed--)})
    expect(subscribed).toBe(0)
  })
})
