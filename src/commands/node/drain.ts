import {Args, Flags} from '@oclif/core'
import {abortOnSigint, parseDurationFlag} from '../../cluster/cli-support.js'
import {systemClock} from '../../cluster/clock.js'
import {monitorDrain, type DrainOutcome} from '../../cluster/drain-monitor.js'
import {setNodeDrain, type NodeChangeResult} from '../../cluster/node-drain.js'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {withCluster} from '../../platform/connect.js'

export default class NodeDrain extends BaseCommand {
  static override summary = 'Drain a node (migrate its allocations away, make it ineligible) or stop draining it.'
  static override examples = ['<%= config.bin %> node drain node-1 --enable', '<%= config.bin %> node drain node-1 --enable --deadline 30s --ignore-system', '<%= config.bin %> node drain node-1 --disable']
  static override args = {node: Args.string({description: 'node name or ID prefix', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    enable: Flags.boolean({description: 'start draining', exclusive: ['disable']}),
    disable: Flags.boolean({description: 'stop draining and make the node eligible again', exclusive: ['enable']}),
    deadline: Flags.string({description: 'after this long, remaining allocations are stopped at once', default: '1h'}),
    'no-deadline': Flags.boolean({description: 'no deadline: migrate at the pace of each group\'s migrate block'}),
    force: Flags.boolean({description: 'migrate everything now (deadline -1)'}),
    'ignore-system': Flags.boolean({description: 'leave system jobs running on the node'}),
    'keep-ineligible': Flags.boolean({description: 'with --disable: leave the node ineligible'}),
    detach: Flags.boolean({description: 'return at once instead of waiting for the drain to finish'}),
    timeout: Flags.string({description: 'stop waiting for the drain after this long', default: '5m'}),
  }

  async run(): Promise<NodeChangeResult & {drain: DrainOutcome | null}> {
    const {args, flags} = await this.parse(NodeDrain)
    if (!flags.enable && !flags.disable) throw new UserError('Give --enable or --disable.', {code: 'missing_flag', hint: `zdev node drain ${args.node} --enable`})
    const deadlineNs = flags.force ? -1 : flags['no-deadline'] ? 0 : parseDurationFlag('deadline', flags.deadline) * 1e6
    const timeoutMs = parseDurationFlag('timeout', flags.timeout)
    const json = this.jsonEnabled()
    const int = abortOnSigint()
    const r = await withCluster(flags.file, async ({store}) => {
      const res = await setNodeDrain(store, args.node, {enable: flags.enable, deadlineNs, ignoreSystemJobs: flags['ignore-system'], keepIneligible: flags['keep-ineligible']}, systemClock)
      if (!json) this.log(`Node "${res.node.name}" (${res.node.id.slice(0, 8)}) drain strategy ${flags.enable ? 'set' : 'removed'}; ${res.evalIds.length} evaluation(s) created`)
      if (!flags.enable || flags.detach) return {...res, drain: null}
      const drain = await monitorDrain(store, res.node.id, {timeoutMs, signal: int.signal, onLine: json ? undefined : (l) => this.log(l)})
      return {...res, drain}
    }).finally(int.dispose)
    if (r.drain === 'timeout') {
      // With --json, not this.exit(): oclif would print the exit as a second JSON object.
      if (json) process.exitCode = 1
      else {
        process.stderr.write(`Timed out waiting for the drain of ${r.node.name}; it goes on: watch it with \`zdev node list\`.\n`)
        this.exit(1)
      }
    }
    return r
  }
}
