import {afterEach, describe, expect, test, vi} from 'vitest'
import {BaseCommand, INTERNAL_EXIT, internalErrorLine, REPORT_BUGS} from '../../src/cli/base-command.js'
import {UserError} from '../../src/lib/errors.js'
import {repoRoot} from '../jobspec/corpus-cases.js'

// An unexpected error in a command is one line "internal error: …" with where to report it,
// never a bare exception or a stack trace; a UserError stays one paragraph.

class Boom extends BaseCommand {
  static override summary = 'throws'
  static failure: unknown
  async run(): Promise<void> {
    throw Boom.failure
  }
}

async function runBoom(failure: unknown, argv: string[] = []): Promise<{exit: unknown; stderr: string; stdout: string}> {
  Boom.failure = failure
  let stderr = ''
  let stdout = ''
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true))
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true))
  const logSpy = vi.spyOn(console, 'log').mockImplementation((s) => void (stdout += `${String(s)}\n`))
  let exit: unknown
  try {
    await Boom.run(argv, repoRoot)
  } catch (err) {
    exit = (err as {oclif?: {exit?: number}}).oclif?.exit
  } finally {
    errSpy.mockRestore()
    outSpy.mockRestore()
    logSpy.mockRestore()
  }
  return {exit, stderr, stdout}
}

afterEach(() => {
  delete process.env.ZDEV_DEBUG
})

describe('BaseCommand errors', () => {
  test('a RangeError becomes one internal-error line and exit 70', async () => {
    const r = await runBoom(new RangeError('Maximum call stack size exceeded'))
    expect(r.exit).toBe(INTERNAL_EXIT)
    expect(r.stderr).toBe(`internal error: Maximum call stack size exceeded (RangeError); this is a bug in zdev, please ${REPORT_BUGS}.\n`)
  })

  test('--json gives {error: {code: "internal"}}', async () => {
    const r = await runBoom(new TypeError('x is not a function'), ['--json'])
    expect(r.exit).toBe(INTERNAL_EXIT)
    expect(JSON.parse(r.stdout)).toEqual({error: {code: 'internal', message: `internal error: x is not a function (TypeError); this is a bug in zdev, please ${REPORT_BUGS}.`}})
  })

  test('ZDEV_DEBUG=1 adds the stack', async () => {
    process.env.ZDEV_DEBUG = '1'
    const r = await runBoom(new Error('boom'))
    expect(r.stderr.split('\n')[0]).toBe(`internal error: boom; this is a bug in zdev, please ${REPORT_BUGS}.`)
    expect(r.stderr).toContain('at ')
  })

  test('a UserError stays a paragraph with its exit code', async () => {
    const r = await runBoom(new UserError('job.hcl:3: bad thing; fix it.', {hint: 'do this', exitCode: 2}))
    expect(r.exit).toBe(2)
    expect(r.stderr).toBe('Error: job.hcl:3: bad thing; fix it.\nTry this: do this\n')
  })

  test('a thrown non-Error and a multi-line message still give one line', () => {
    expect(internalErrorLine('weird')).toBe(`internal error: weird; this is a bug in zdev, please ${REPORT_BUGS}.`)
    expect(internalErrorLine(new Error('first\nsecond'))).toBe(`internal error: first; this is a bug in zdev, please ${REPORT_BUGS}.`)
  })
})
