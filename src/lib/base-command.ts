import {Command, Flags} from '@oclif/core'
import {UserError} from './errors.js'

// Every zdev command: `--json` turns the typed result of run() into the output, and a
// UserError becomes one paragraph (or {error:{…}} with --json) and a non-zero exit, never a
// stack trace.
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

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof UserError) {
      if (this.jsonEnabled()) {
        this.logJson({error: err.toJSON()})
      } else {
        process.stderr.write(`Error: ${err.message}\n`)
        if (err.hint) process.stderr.write(`Try this: ${err.hint}\n`)
      }
      this.exit(err.exitCode)
    }
    return super.catch(err)
  }
}
