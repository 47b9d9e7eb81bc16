import {Args, Flags} from '@oclif/core'
import {jobExecTarget} from '../cluster/exec-target.js'
import {execPlanFor, runExecPlan} from '../cluster/exec-run.js'
import {readClusterState} from '../store/cluster-state.js'
import {BaseCommand} from '../cli/base-command.js'
import {withCluster} from '../platform/connect.js'

export default class Exec extends BaseCommand {
  static override summary = "Run a command in a job's task (its first running allocation): the task's environment and directory."
  static override description = 'Like `nomad alloc exec -job JOB`, but the allocation is the running one with the lowest index, so repeated calls land on the same one. See `zdev alloc exec` for one allocation.'
  static override examples = ['<%= config.bin %> exec whoami -- env', '<%= config.bin %> exec web --task app -t -- sh']
  static override strict = false
  static override enableJsonFlag = false
  static override args = {job: Args.string({description: 'job ID (or a unique prefix)', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    group: Flags.string({description: 'only allocations of this task group'}),
    task: Flags.string({description: 'task name (needed when the group runs several main tasks)'}),
    tty: Flags.boolean({char: 't', description: 'give the command the terminal (default: when stdin is a terminal)', allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, argv, flags} = await this.parse(Exec)
    const cmd = (argv as string[]).slice(1)
    const tty = flags.tty ?? Boolean(process.stdin.isTTY)
    const plan = await withCluster(flags.file, async ({store}) => execPlanFor(jobExecTarget(await readClusterState(store), args.job, {group: flags.group, task: flags.task}), cmd, tty))
    this.exit(await runExecPlan(plan, tty))
  }
}
