import {Args} from '@oclif/core'
import {readJobHistory} from '../../cluster/job-actions.js'
import {renderJobHistory, type JobVersionView} from '../../cluster/job-history.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class JobHistory extends BaseCommand {
  static override summary = 'Show the versions of a job, newest first, with what changed.'
  static override examples = ['<%= config.bin %> job history web']
  static override args = {id: Args.string({description: 'job ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<JobVersionView[]> {
    const {args, flags} = await this.parse(JobHistory)
    const rows = await withCluster(flags.file, ({store}) => readJobHistory(store, args.id))
    if (!this.jsonEnabled()) for (const l of renderJobHistory(rows)) this.log(l)
    return rows
  }
}
