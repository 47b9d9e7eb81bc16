import {Command, Flags, type Interfaces} from '@oclif/core'

type Output = {[name: string]: any}
import {UserError} from '../lib/errors.js'
import type {LocatedPlatform} from '../platform/locate-platform.js'
import {resolvePlatformFlag} from './platform-flag.js'
import {userErrorText} from './user-error-text.js'
import {INTERNAL_EXIT, internalErrorLine} from './internal-error.js'

export {INTERNAL_EXIT, internalErrorLine, REPORT_BUGS} from './internal-error.js'

// Every zdev command: `--json` turns the typed result of run() into the output, and a
// UserError becomes one paragraph (or {error:{…}} with --json) and a non-zero exit, never a
// stack trace. Anything else is a bug: one line "internal error: …" and where to report it
// (the stack only with ZDEV_DEBUG=1). A command with a `file` flag gets it resolved to the
// platform file it acts on (see platform/locate-platform.ts), so `flags.file` is always a path.

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  /** -f is the platform file in every command (as `docker compose -f`); follow is --follow/-F. */
  static fileFlag = {
    file: Flags.string({
      char: 'f',
      description: 'platform file (default: zdev.yaml here or in a parent folder, then $ZDEV_FILE, then the cluster last brought up)',
      helpValue: 'FILE',
      // '' means "not given": parse() below resolves it; a function keeps the help free of it.
      default: async () => '',
    }),
  }

  protected located?: LocatedPlatform

  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const out = await super.parse(options, argv)
    const flags = out.flags as Record<string, unknown>
    const declared = (options?.flags ?? (this.constructor as typeof Command).flags) as Record<string, unknown> | undefined
    if (declared && 'file' in declared) {
      const optional = (this.constructor as {platformOptional?: boolean}).platformOptional === true
      const {located: loc, notice} = await resolvePlatformFlag(flags.file as string | undefined, {optional, follow: 'follow' in declared})
      if (notice) process.stderr.write(notice)
      flags.file = loc.file
      this.located = loc
    }
    return out
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: unknown}): Promise<unknown> {
    const flags = (this.constructor as typeof Command).flags ?? {}
    if (!(err instanceof UserError) && 'follow' in flags && /Flag --file expects a value/.test(err.message)) {
      err = new UserError('-f needs a platform file: in zdev -f always names the platform file (as `docker compose -f`). To follow output use --follow (or -F).', {code: 'invalid_flag', field: 'file', exitCode: 2})
    }
    if (err instanceof UserError) {
      if (this.jsonEnabled()) this.logJson({error: err.toJSON()})
      else process.stderr.write(await userErrorText(err, this.located))
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
