import {mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, expect, test} from 'vitest'
import {loadPlatform} from '../../src/platform/load.js'
import {readPlatformCopy, writePlatformCopy} from '../../src/platform/platform-copy.js'

// The platform `up` loaded, kept as JSON for its agents, is the object loading the file gives,
// and is taken only while the file is unchanged (size and modification time).

const dir = mkdtempSync(path.join(tmpdir(), 'zdev-platform-copy-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

test('the copy equals a load of the file, until the file changes', async () => {
  const file = path.join(dir, 'zdev.yaml')
  writeFileSync(file, 'name: copy\nservers: 3\nnodes:\n  - name: a\n    meta: {rack: r1}\n  - name: b\nproxies:\n  count: 1\n  ports: [18080]\n')
  const p = await loadPlatform(file)
  writeFileSync(path.join(dir, 'x'), '') // another file: not the one copied
  const stateDir = p.stateDir
  rmSync(stateDir, {recursive: true, force: true})
  mkdirSync(stateDir, {recursive: true})
  expect(readPlatformCopy(file, stateDir)).toBeUndefined()
  writePlatformCopy(p)
  expect(readPlatformCopy(file, stateDir)).toEqual(p)
  expect(readPlatformCopy(file, undefined)).toBeUndefined()
  expect(readPlatformCopy(path.join(dir, 'x'), stateDir)).toBeUndefined()
  // edited: another size, or the same size written later
  writeFileSync(file, 'name: copy\nservers: 3\nnodes: 3\n')
  expect(readPlatformCopy(file, stateDir)).toBeUndefined()
  writePlatformCopy(await loadPlatform(file))
  const later = new Date(Date.now() + 5000)
  utimesSync(file, later, later)
  expect(readPlatformCopy(file, stateDir)).toBeUndefined()
})
