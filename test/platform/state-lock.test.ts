import {afterAll, describe, expect, test} from 'vitest'
import {existsSync, mkdtempSync, writeFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {spawn} from 'node:child_process'
import {withStateLock} from '../../src/platform/state-lock.js'

const made: string[] = []
const tmp = (prefix: string) => {
  const d = mkdtempSync(prefix)
  made.push(d)
  return d
}
afterAll(() => made.forEach((d) => rmSync(d, {recursive: true, force: true})))

const dir = () => tmp(path.join(tmpdir(), 'zdev-lock-'))

describe('withStateLock', () => {
  test('a second changer is refused while the first holds the lock', async () => {
    const d = dir()
    let inner: unknown
    await withStateLock(d, 'c', async () => {
      inner = await withStateLock(d, 'c', async () => 'ran').catch((e: Error) => e.message)
    })
    expect(inner).toBe(`another zdev (pid ${process.pid}) is changing cluster c right now`)
  })

  test('a lock left by a dead process is taken over; the lock is released after', async () => {
    const d = dir()
    const dead = spawn(process.execPath, ['-e', '0'])
    await new Promise((r) => dead.once('exit', r))
    writeFileSync(path.join(d, 'lock'), String(dead.pid))
    expect(await withStateLock(d, 'c', async () => 42)).toBe(42)
    expect(existsSync(path.join(d, 'lock'))).toBe(false)
  })

  test('contenders racing for a free lock: never two holders at once, the others are refused (the lock is never read half-made)', async () => {
    for (let round = 0; round < 200; round++) {
      const d = dir()
      let holding = 0
      let most = 0
      const results = await Promise.all(
        Array.from({length: 5}, () =>
          withStateLock(d, 'c', async () => {
            most = Math.max(most, ++holding)
            await new Promise((r) => setTimeout(r, 5))
            holding--
            return 'held'
          }).catch((e: Error) => (/is changing cluster c/.test(e.message) ? 'refused' : e.message)),
        ),
      )
      expect(most).toBe(1)
      // one after another is fine (a contender may arrive after the holder let go); never two at once
      expect(results.filter((r) => r === 'held').length).toBeGreaterThanOrEqual(1)
      expect(results.filter((r) => r !== 'held' && r !== 'refused')).toEqual([])
      expect(existsSync(path.join(d, 'lock'))).toBe(false)
    }
  })
})
