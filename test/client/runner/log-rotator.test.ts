import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import {afterEach, describe, expect, test} from 'vitest'
import {RotatingLog} from '../../../src/client/runner/log-rotator.js'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zdev-logs-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})
const files = (d: string) => readdirSync(d).sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))

describe('RotatingLog', () => {
  test('cuts files exactly at the size limit and keeps MaxFiles of them', () => {
    const dir = tempDir()
    const log = new RotatingLog({dir, base: 'web.stdout', maxFiles: 3, maxBytes: 10})
    log.write(Buffer.from('0123456789abcdefghij'))
    log.write('KLMNOPQRSTuvwxy')
    log.close()
    expect(files(dir)).toEqual(['web.stdout.1', 'web.stdout.2', 'web.stdout.3'])
    expect(files(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(['abcdefghij', 'KLMNOPQRST', 'uvwxy'])
  })

  test('a new writer appends to the newest existing file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'web.stderr.4'), 'abc')
    writeFileSync(join(dir, 'web.stderr.3'), 'full')
    const log = new RotatingLog({dir, base: 'web.stderr', maxFiles: 5, maxBytes: 5})
    log.write('defg')
    log.close()
    expect(readFileSync(join(dir, 'web.stderr.4'), 'utf8')).toBe('abcde')
    expect(readFileSync(join(dir, 'web.stderr.5'), 'utf8')).toBe('fg')
  })

  test('first file is <task>.stdout.0', () => {
    const dir = tempDir()
    const log = new RotatingLog({dir, base: 'api.stdout', maxFiles: 2, maxBytes: 100})
    log.write('hello\n')
    expect(log.currentPath).toBe(join(dir, 'api.stdout.0'))
    log.close()
    expect(readdirSync(dir)).toEqual(['api.stdout.0'])
  })

  test('property: the kept files hold the tail of what was written, none larger than the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({minLength: 0, maxLength: 40}), {maxLength: 20}), fc.integer({min: 1, max: 16}), fc.integer({min: 1, max: 4}), (chunks, maxBytes, maxFiles) => {
        const dir = tempDir()
        const log = new RotatingLog({dir, base: 't.stdout', maxFiles, maxBytes})
        for (const c of chunks) log.write(Buffer.from(c, 'latin1'))
        log.close()
        const kept = files(dir).map((f) => readFileSync(join(dir, f), 'latin1'))
        const all = chunks.join('')
        rmSync(dir, {recursive: true, force: true})
        return kept.length <= maxFiles && kept.every((k) => k.length <= maxBytes) && all.endsWith(kept.join(''))
      }),
      {numRuns: 60},
    )
  })
})
