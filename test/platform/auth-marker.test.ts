import {afterAll, expect, test} from 'vitest'
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {kvAuthKnownOn, markKvAuthOn} from '../../src/kv/auth-marker.js'

const root = mkdtempSync(path.join(tmpdir(), 'zdev-auth-marker-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

const members = (name: string) => {
  const dirs = [1, 2, 3].map((i) => path.join(root, name, `etcd-${i}`, 'data'))
  for (const d of dirs) mkdirSync(path.join(d, 'member'), {recursive: true})
  return dirs
}

test('auth counts as on only once noted, for every member, while its data is there', () => {
  const dirs = members('a')
  expect(kvAuthKnownOn(dirs)).toBe(false)
  markKvAuthOn(dirs)
  expect(kvAuthKnownOn(dirs)).toBe(true)
  // one member's data removed (a fresh member has no auth): the note no longer counts
  rmSync(dirs[1]!, {recursive: true})
  expect(kvAuthKnownOn(dirs)).toBe(false)
})

test('no members (container data in volumes) is never known on', () => {
  markKvAuthOn([])
  expect(kvAuthKnownOn([])).toBe(false)
})
