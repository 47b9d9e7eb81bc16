import {Args, Flags} from '@oclif/core'
import {abortOnSigint, platformNodeDir, useColour} from '../cluster/cli-support.js'
import {jobLogs, type JobLogsResult} from '../cluster/job-logs.js'
import {BaseCommand} from '../cli/base-command.js'
import {withCluster} from '../platform/connect.js'

export default class Logs extends BaseCommand {
  static override summary = "All replicas of a job's logs interleaved, each line prefixed with allocation and node."
  static override description = 'With --follow (-F), lines appear as they are written and new allocations are picked up as they are placed. As in every zdev command, -f names the platform file.'
  static override examples = ['<%= config.bin %> logs web', '<%= config.bin %> logs web --follow', '<%= config.bin %> logs web --stderr --task web --tail 50']
  static override args = {job: Args.string({description: 'job ID (or a unique prefix)', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    follow: Flags.boolean({char: 'F', description: 'keep printing new output until Ctrl-C (-f is the platform file, as in every zdev command)'}),
    stderr: Flags.boolean({description: 'show stderr instead of stdout'}),
    task: Flags.string({description: 'only this task (default: every main task)'}),
    tail: Flags.integer({description: 'only the last N lines of each replica', min: 0}),
  }

  async run(): Promise<JobLogsResult> {
    const {args, flags} = await this.parse(Logs)
    const int = abortOnSigint()
    const json = this.jsonEnabled()
    return withCluster(flags.file, ({store, platform}) =>
      jobLogs(store, args.job, {
        task: flags.task,
        stream: flags.stderr ? 'stderr' : 'stdout',
        tail: flags.tail,
        follow: flags.follow,
        colour: !json && useColour(process.stdout),
        signal: int.signal,
        nodeDir: platformNodeDir(platform.stateDir),
        writeLine: (l) => (json ? undefined : process.stdout.write(l + '\n')),
      }),
    ).finally(int.dispose)
  }
}
