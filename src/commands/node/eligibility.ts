import {Args, Flags} from '@oclif/core'
import {systemClock} from '../../cluster/clock.js'
import {setNodeEligibility, type NodeChangeResult} from '../../cluster/node-drain.js'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {withCluster} from '../../platform/connect.js'

export default class NodeEligibility extends BaseCommand {
  static override summary = 'Make a node eligible or ineligible for new placements (running allocations stay).'
  static override examples = ['<%= config.bin %> node eligibility node-2 --disable', '<%= config.bin %> node eligibility node-2 --enable']
  static override args = {node: Args.string({description: 'node name or ID prefix', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    enable: Flags.boolean({description: 'eligible for scheduling', exclusive: ['disable']}),
    disable: Flags.boolean({description: 'ineligible for scheduling', exclusive: ['enable']}),
  }

  async run(): Promise<NodeChangeResult> {
    const {args, flags} = await this.parse(NodeEligibility)
    if (!flags.enable && !flags.disable) throw new UserError('Give --enable or --disable.', {code: 'missing_flag', hint: `zdev node eligibility ${args.node} --disable`})
    const r = await withCluster(flags.file, ({store}) => setNodeEligibility(store, args.node, flags.enable, systemClock))
    if (!this.jsonEnabled()) this.log(`Node "${r.node.name}" (${r.node.id.slice(0, 8)}) scheduling eligibility set to ${r.record.SchedulingEligibility}`)
    return r
  }
}
