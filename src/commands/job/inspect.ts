import {Args} from '@oclif/core'
import {inspectJob} from '../../cluster/job-actions.js'
import {BaseCommand} from '../../cli/base-command.js'
import type {Job} from '../../model/index.js'
import {withCluster} from '../../platform/connect.js'

export default class JobInspect extends BaseCommand {
  static override summary = 'Print the job as the cluster stores it (Nomad API JSON).'
  static override examples = ['<%= config.bin %> job inspect web']
  static override args = {id: Args.string({description: 'job ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<{Job: Job}> {
    const {args, flags} = await this.parse(JobInspect)
    const r = await withCluster(flags.file, ({store}) => inspectJob(store, args.id))
    if (!this.jsonEnabled()) this.log(JSON.stringify(r, null, 2))
    return r
  }
}
