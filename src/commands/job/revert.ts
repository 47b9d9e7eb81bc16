import {Args, Flags} from '@oclif/core'
import {abortOnSigint, parseDurationFlag} from '../../cluster/cli-support.js'
import {systemClock} from '../../cluster/clock.js'
import {revertJobAndFollow, type JobChangeResult} from '../../cluster/job-actions.js'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {withCluster} from '../../platform/connect.js'

export default class JobRevert extends BaseCommand {
  static override summary = 'Run an earlier version of a job again (as a new version).'
  static override examples = ['<%= config.bin %> job revert web 1']
  static override args = {
    id: Args.string({description: 'job ID (or a unique prefix)', required: true}),
    version: Args.string({description: 'the version to go back to (see `zdev job history`)', required: true}),
  }
  static override flags = {
    ...BaseCommand.fileFlag,
    detach: Flags.boolean({description: 'return without waiting for the evaluation'}),
    timeout: Flags.string({description: 'give up waiting after this long', default: '1m'}),
  }

  async run(): Promise<JobChangeResult> {
    const {args, flags} = await this.parse(JobRevert)
    if (!/^\d+$/.test(args.version)) throw new UserError(`Invalid version ${JSON.stringify(args.version)}; give a job version number such as 1.`, {code: 'invalid_arg', field: 'version'})
    const timeoutMs = parseDurationFlag('timeout', flags.timeout)
    const json = this.jsonEnabled()
    const int = abortOnSigint()
    const r = await withCluster(flags.file, ({store}) =>
      revertJobAndFollow(store, args.id, Number(args.version), {clock: systemClock, detach: flags.detach, timeoutMs, signal: int.signal, onLine: json ? undefined : (l) => this.log(l)}),
    ).finally(int.dispose)
    // With --json, not this.exit(): oclif would print the exit as a second JSON object.
    if (r.exitCode !== 0) {
      if (json) process.exitCode = r.exitCode
      else this.exit(r.exitCode)
    }
    return r
  }
}
