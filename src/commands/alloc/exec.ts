import {Args, Flags} from '@oclif/core'
import {allocExecTarget} from '../../cluster/exec-target.js'
import {execPlanFor, runExecPlan} from '../../cluster/exec-run.js'
import {readClusterState} from '../../store/cluster-state.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class AllocExec extends BaseCommand {
  static override summary = "Run a command inside an allocation's task: its environment and working directory."
  static override description =
    'As `nomad alloc exec`: raw_exec and exec tasks run the command with the task process\'s own environment (NOMAD_*, env and template env) in its task directory; docker tasks go through `docker exec`. ' +
    'With -t (default when stdin is a terminal) the command gets the terminal. Exits with the command\'s exit code.'
  static override examples = ['<%= config.bin %> alloc exec 9f3c -- env', '<%= config.bin %> alloc exec 9f3c -t -- sh', '<%= config.bin %> alloc exec 9f3c --task web -- cat local/config.json']
  static override strict = false
  static override enableJsonFlag = false
  static override args = {alloc: Args.string({description: 'allocation ID (or a unique prefix)', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    task: Flags.string({description: 'task name (needed when the group runs several main tasks)'}),
    tty: Flags.boolean({char: 't', description: 'give the command the terminal (default: when stdin is a terminal)', allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, argv, flags} = await this.parse(AllocExec)
    const cmd = (argv as string[]).slice(1)
    const tty = flags.tty ?? Boolean(process.stdin.isTTY)
    const plan = await withCluster(flags.file, async ({store}) => execPlanFor(allocExecTarget(await readClusterState(store), args.alloc, flags.task), cmd, tty))
    this.exit(await runExecPlan(plan, tty))
  }
}
