import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {EXIT_UNCAUGHT, UNHANDLED_MARKER} from '../../src/lib/crash-guard.js'

const GUARD = path.resolve(import.meta.dirname, '../../dist/lib/crash-guard.js')
const run = (body: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', `import {installCrashGuard} from ${JSON.stringify(GUARD)}\ninstallCrashGuard('t')\n${body}`], {encoding: 'utf8', timeout: 20_000})

describe('crash guard (a real process)', () => {
  test('an unhandled rejection is logged with the marker and the process keeps running', () => {
    const r = run(`Promise.reject(new Error('lease NOT_FOUND'))\nsetTimeout(() => { process.stdout.write('still alive\\n'); process.exit(0) }, 200)`)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`t ${UNHANDLED_MARKER} unhandled-rejection: Error: lease NOT_FOUND`)
    expect(r.stdout).toContain('still alive')
  })

  test('an uncaught exception is logged and the process exits 70 for its supervisor', () => {
    const r = run(`setTimeout(() => { throw new TypeError('boom') }, 10)\nsetTimeout(() => process.stdout.write('never\\n'), 2000)`)
    expect(r.status).toBe(EXIT_UNCAUGHT)
    expect(r.stdout).toContain(`t ${UNHANDLED_MARKER} uncaught-exception: TypeError: boom`)
    expect(r.stdout).not.toContain('never')
  })
})
