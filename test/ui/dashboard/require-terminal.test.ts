import {afterEach, describe, expect, test, vi} from 'vitest'
import Dashboard from '../../../src/commands/dashboard.js'
import {checkTerminal} from '../../../src/ui/dashboard/require-terminal.js'

describe('checkTerminal', () => {
  test.each([
    {desc: 'a terminal on both ends', facts: {stdoutIsTTY: true, stdinIsTTY: true, env: {}}, message: null},
    {desc: 'CI=false counts as not CI', facts: {stdoutIsTTY: true, stdinIsTTY: true, env: {CI: 'false'}}, message: null},
    {desc: 'stdout piped', facts: {stdoutIsTTY: false, stdinIsTTY: true, env: {}}, message: 'zdev dashboard needs an interactive terminal, but stdout is not a terminal.'},
    {desc: 'stdin piped', facts: {stdoutIsTTY: true, stdinIsTTY: undefined, env: {}}, message: 'zdev dashboard needs an interactive terminal, but stdin is not a terminal.'},
    {desc: 'CI set', facts: {stdoutIsTTY: true, stdinIsTTY: true, env: {CI: 'true'}}, message: 'zdev dashboard needs an interactive terminal, but CI is set (CI=true).'},
  ])('$desc', ({facts, message}) => {
    const err = checkTerminal(facts)
    expect(err?.message ?? null).toBe(message)
    if (err) {
      expect(err.hint).toBe('run `zdev status --watch` for plain snapshots at an interval.')
      expect(err.exitCode).toBe(1)
    }
  })
})

describe('zdev dashboard off a terminal', () => {
  afterEach(() => vi.restoreAllMocks())

  test('refuses with exit 1 and points at zdev status --watch', async () => {
    const err: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true))
    // vitest's workers write to pipes, so stdout is not a TTY here.
    await expect(Dashboard.run(['-f', 'does-not-matter.yaml'], process.cwd())).rejects.toMatchObject({oclif: {exit: 1}})
    expect(err.join('')).toMatch(/^Error: zdev dashboard needs an interactive terminal, but (stdout is not a terminal|CI is set \(CI=.*\))\.\nTry this: run `zdev status --watch` for plain snapshots at an interval\.\n$/)
  })
})
