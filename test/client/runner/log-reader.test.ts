import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, expect, test} from 'vitest'
import {followLogs, readLogs} from '../../../src/client/runner/log-reader.js'
import {RotatingLog} from '../../../src/client/runner/log-rotator.js'
import {waitFor} from '../processes.js'

let dir = ''
afterEach(() => rmSync(dir, {recursive: true, force: true}))

function setup(): RotatingLog {
  dir = mkdtempSync(join(tmpdir(), 'zdev-alloc-'))
  mkdirSync(join(dir, 'alloc', 'logs'), {recursive: true})
  return new RotatingLog({dir: join(dir, 'alloc', 'logs'), base: 'web.stdout', maxFiles: 3, maxBytes: 8})
}

test('readLogs joins the kept files in order', () => {
  const log = setup()
  log.write('line-1\nline-2\nline-3\n')
  log.close()
  expect(readLogs(dir, 'web', 'stdout').toString()).toBe('line-1\nline-2\nline-3\n')
  expect(readLogs(dir, 'web', 'stderr').toString()).toBe('')
})

test('followLogs sees appended bytes across rotations, in order', async () => {
  const log = setup()
  log.write('a1\n')
  const ac = new AbortController()
  let seen = ''
  const following = followLogs(dir, 'web', 'stdout', (b) => (seen += b), {signal: ac.signal, pollMs: 10})
  await waitFor(() => seen === 'a1\n', 2000, 'first line')
  for (const l of ['b2\n', 'c3\n', 'd4\n', 'e5\n']) {
    log.write(l)
    await waitFor(() => seen.endsWith(l), 2000, l)
  }
  ac.abort()
  await following
  log.close()
  expect(seen).toBe('a1\nb2\nc3\nd4\ne5\n')
})
