import {Args, Flags} from '@oclif/core'
import {allocLogs, type AllocLogsResult} from '../../cluster/alloc-logs.js'
import {abortOnSigint, platformNodeDir} from '../../cluster/cli-support.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class AllocLogs extends BaseCommand {
  static override summary = "Print a task's stdout (or stderr) of an allocation; --follow (-F) follows."
  static override description = 'Follow with --follow or -F (nomad alloc logs uses -f; in zdev -f is always the platform file, as in docker compose -f).'
  static override examples = ['<%= config.bin %> alloc logs 9f3c', '<%= config.bin %> alloc logs 9f3c web --follow --tail 20', '<%= config.bin %> alloc logs 9f3c --stderr']
  static override args = {
    id: Args.string({description: 'allocation ID (or a unique prefix)', required: true}),
    task: Args.string({description: 'task name (needed when the group runs several main tasks)'}),
  }
  static override flags = {
    ...BaseCommand.fileFlag,
    follow: Flags.boolean({char: 'F', description: 'keep printing new output until Ctrl-C (-f is the platform file, as in every zdev command)'}),
    stderr: Flags.boolean({description: 'show stderr instead of stdout'}),
    tail: Flags.integer({description: 'only the last N lines', min: 0}),
  }

  async run(): Promise<AllocLogsResult> {
    const {args, flags} = await this.parse(AllocLogs)
    const int = abortOnSigint()
    return withCluster(flags.file, ({store, platform}) =>
      allocLogs(store, args.id, {
        task: args.task,
        stream: flags.stderr ? 'stderr' : 'stdout',
        tail: flags.tail,
        follow: flags.follow,
        signal: int.signal,
        nodeDir: platformNodeDir(platform.stateDir),
        write: (t) => (this.jsonEnabled() ? undefined : process.stdout.write(t)),
      }),
    ).finally(int.dispose)
  }
}
