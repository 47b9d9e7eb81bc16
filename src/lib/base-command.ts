import {Command, Flags} from '@oclif/core'
import {UserError} from './errors.js'

// Every zdev command: `--json` turns the typed result of run() into the output, and a
// UserError becomes one paragraph (or {error:{…}} with --json) and a non-zero exit, never a
// stack trace. Anything else is a bug: one line "internal error: …" and where to report it
// (the stack only with ZDEV_DEBUG=1).

export const REPORT_BUGS = 'report it to the zdev maintainers with the command you ran and `ZDEV_DEBUG=1` output (issue tracker of the zdev repository)'
export const INTERNAL_EXIT = 70 // EX_SOFTWARE

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static fileFlag = {
    file: Flags.string({
      char: 'f',
      description: 'platform file (default ./zdev.yaml, or $ZDEV_FILE)',
      env: 'ZDEV_FILE',
      default: 'zdev.yaml',
    }),
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: unknown}): Promise<unknown> {
    if (err instanceof UserError) {
      if (this.jsonEnabled()) {
        this.logJson({error: err.toJSON()})
      } else {
        process.stderr.write(`Error: ${err.message}\n`)
        if (err.hint) process.stderr.write(`Try this: ${err.hint}\n`)
      }
      this.exit(err.exitCode)
    }
    // oclif's own errors (flag parsing, this.exit) carry `oclif` and are already user-facing.
    if (err && typeof err === 'object' && 'oclif' in err) return super.catch(err)
    const text = internalErrorLine(err)
    if (this.jsonEnabled()) this.logJson({error: {code: 'internal', message: text}})
    else process.stderr.write(`${text}\n`)
    if (process.env.ZDEV_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`)
    this.exit(INTERNAL_EXIT)
  }
}

/** "internal error: <what> (<kind>); please report it …", on one line. */
export function internalErrorLine(err: unknown): string {
  const e = err as Error | undefined
  const what = (e?.message ?? String(err)).split('\n')[0]!.trim() || 'unknown failure'
  const kind = e?.name && e.name !== 'Error' ? ` (${e.name})` : ''
  return `internal error: ${what}${kind}; this is a bug in zdev, please ${REPORT_BUGS}.`
}
