import {Args, Flags} from '@oclif/core'
import {abortOnSigint, parseDurationFlag} from '../../cluster/cli-support.js'
import {systemClock} from '../../cluster/clock.js'
import {stopJobAndFollow, type JobChangeResult} from '../../cluster/job-actions.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class JobStop extends BaseCommand {
  static override summary = 'Stop a running job (its allocations are stopped); --purge also forgets it.'
  static override examples = ['<%= config.bin %> job stop web', '<%= config.bin %> job stop web --purge']
  static override args = {id: Args.string({description: 'job ID (or a unique prefix)', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    purge: Flags.boolean({description: 'remove the job and its version history from the cluster'}),
    detach: Flags.boolean({description: 'return without waiting for the evaluation'}),
    timeout: Flags.string({description: 'give up waiting after this long', default: '1m'}),
  }

  async run(): Promise<JobChangeResult> {
    const {args, flags} = await this.parse(JobStop)
    const timeoutMs = parseDurationFlag('timeout', flags.timeout)
    const json = this.jsonEnabled()
    const int = abortOnSigint()
    const r = await withCluster(flags.file, ({store}) =>
      stopJobAndFollow(store, args.id, flags.purge, {clock: systemClock, detach: flags.detach, timeoutMs, signal: int.signal, onLine: json ? undefined : (l) => this.log(l)}),
    ).finally(int.dispose)
    // With --json, not this.exit(): oclif would print the exit as a second JSON object.
    if (r.exitCode !== 0) {
      if (json) process.exitCode = r.exitCode
      else this.exit(r.exitCode)
    }
    return r
  }
}
