// The dashboard redraws in place and reads single keys: it needs a terminal on both ends.
// Off a TTY (pipes, logs, CI) it refuses and points at the plain alternative.
import {UserError} from '../../lib/errors.js'

export interface TerminalFacts {
  stdoutIsTTY: boolean | undefined
  stdinIsTTY: boolean | undefined
  env: Record<string, string | undefined>
}

/** A UserError saying why the dashboard cannot run here, or null when it can. */
export function checkTerminal(facts: TerminalFacts): UserError | null {
  const ci = facts.env.CI !== undefined && facts.env.CI !== '' && facts.env.CI !== '0' && facts.env.CI !== 'false'
  const why = ci ? `CI is set (CI=${facts.env.CI})` : !facts.stdoutIsTTY ? 'stdout is not a terminal' : !facts.stdinIsTTY ? 'stdin is not a terminal' : null
  if (!why) return null
  return new UserError(`zdev dashboard needs an interactive terminal, but ${why}.`, {
    code: 'not_a_terminal',
    hint: 'run `zdev status --watch` for plain snapshots at an interval.',
    exitCode: 1,
  })
}
