import {Args, Flags} from '@oclif/core'
import {allocLogs, type AllocLogsResult} from '../../cluster/alloc-logs.js'
import {abortOnSigint, platformNodeDir} from '../../cluster/cli-support.js'
import {BaseCommand} from '../../lib/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class AllocLogs extends BaseCommand {
  static override summary = "Print a task's stdout (or stderr) of an allocation; -f follows."
  static override description = 'Here -f means follow (as in nomad alloc logs); give the platform file with --file.'
  static override examples = ['<%= config.bin %> alloc logs 9f3c', '<%= config.bin %> alloc logs 9f3c web -f --tail 20', '<%= config.bin %> alloc logs 9f3c --stderr']
  static override args = {
    id: Args.string({description: 'allocation ID (or a unique prefix)', required: true}),
    task: Args.string({description: 'task name (needed when the group runs several main tasks)'}),
  }
  static override flags = {
    file: Flags.string({description: 'platform file (default ./zdev.yaml, or $ZDEV_FILE)', env: 'ZDEV_FILE', default: 'zdev.yaml'}),
    follow: Flags.boolean({char: 'f', description: 'keep printing new output until Ctrl-C'}),
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
