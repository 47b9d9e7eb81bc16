import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'

// bin/run.js prints `zdev --help` from dist/root-help.txt (rendered by oclif at build time) when
// stdout is not a terminal. It must be exactly what oclif renders now, from the same build.

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUN = path.join(ROOT, 'bin/run.js')
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'OCLIF_COLUMNS', 'FORCE_COLOR'].includes(k) && !k.startsWith('VITEST')))
const built = existsSync(path.join(ROOT, 'dist/root-help.txt'))

function run(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [RUN, ...args], {cwd: ROOT, env: {...ENV, ...env}, encoding: 'utf8'})
}

describe.skipIf(!built)('root help fast path', () => {
  test('`zdev --help` and `zdev` print exactly what oclif renders', () => {
    // OCLIF_COLUMNS=80 is the width oclif uses for a pipe; it turns the fast path off.
    const oclif = run(['--help'], {OCLIF_COLUMNS: '80'})
    expect(oclif).toContain('USAGE')
    expect(oclif).toMatch(/zdev\/\d+\.\d+\.\d+ \S+ node-v/)
    expect(run(['--help'])).toBe(oclif)
    expect(run([])).toBe(oclif)
  })

  test('other help requests still go to oclif', () => {
    expect(run(['job', '--help'])).toContain('job validate')
    expect(run(['--help', 'job'])).toContain('job validate')
  })
})
