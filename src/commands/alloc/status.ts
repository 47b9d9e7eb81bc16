import {Args, Flags} from '@oclif/core'
import {renderAllocStatus} from '../../cluster/alloc-status-render.js'
import type {AllocStatusView} from '../../cluster/alloc-status.js'
import {readAllocStatus} from '../../cluster/reads.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class AllocStatus extends BaseCommand {
  static override summary = 'Show an allocation: tasks and their events, addresses, reschedules, placement.'
  static override examples = ['<%= config.bin %> alloc status 9f3c', '<%= config.bin %> alloc status 9f3c --verbose']
  static override args = {id: Args.string({description: 'allocation ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag, verbose: Flags.boolean({description: 'full IDs and every task event'})}

  async run(): Promise<AllocStatusView> {
    const {args, flags} = await this.parse(AllocStatus)
    const v = await withCluster(flags.file, ({store}) => readAllocStatus(store, args.id))
    if (!this.jsonEnabled()) for (const l of renderAllocStatus(v, Date.now(), {verbose: flags.verbose})) this.log(l)
    return v
  }
}
