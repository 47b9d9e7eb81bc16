import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {bootstrapOrder, hasWal, peerServingUrl} from '../../src/kv/bootstrap-order.js'

const members = (n: number) => Array.from({length: n}, (_, i) => ({name: `etcd-${i + 1}`, peerPort: 3001 + i}))

describe('bootstrapOrder (pure)', () => {
  test('a new cluster: a chain, each member after the one before, which must serve its peers first', () => {
    expect(bootstrapOrder(members(3), false)).toEqual([
      {after: [], readyUrl: 'http://127.0.0.1:3001/version'},
      {after: ['etcd-1'], readyUrl: 'http://127.0.0.1:3002/version'},
      {after: ['etcd-2']},
    ])
  })

  test('a bootstrapped cluster: all at once, nothing waited for', () => {
    expect(bootstrapOrder(members(3), true)).toEqual([{after: []}, {after: []}, {after: []}])
  })

  test('any size: one start each; a new cluster waits on every member but the last, each exactly once', () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 9}), fc.boolean(), (n, boot) => {
        const ms = members(n)
        const o = bootstrapOrder(ms, boot)
        expect(o).toHaveLength(n)
        const waited = o.flatMap((s) => s.after)
        expect(waited).toEqual(boot ? [] : ms.slice(0, -1).map((m) => m.name))
        expect(o.filter((s) => s.readyUrl).map((s) => s.readyUrl)).toEqual(boot ? [] : ms.slice(0, -1).map((m) => peerServingUrl(m.peerPort)))
        expect(o.at(-1)!.readyUrl).toBeUndefined()
      }),
    )
  })
})

describe('hasWal', () => {
  test('true only once the data dir holds member/wal', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'zdev-wal-'))
    try {
      expect(hasWal(path.join(d, 'nothing'))).toBe(false)
      mkdirSync(path.join(d, 'member', 'snap'), {recursive: true})
      expect(hasWal(d)).toBe(false)
      mkdirSync(path.join(d, 'member', 'wal'))
      expect(hasWal(d)).toBe(true)
    } finally {
      rmSync(d, {recursive: true, force: true})
    }
  })
})
