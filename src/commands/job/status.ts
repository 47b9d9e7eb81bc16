import {Args} from '@oclif/core'
import {renderJobList, type JobListRow} from '../../cluster/job-list.js'
import {renderJobStatus} from '../../cluster/job-status-render.js'
import type {JobStatusView} from '../../cluster/job-status.js'
import {readJobList, readJobStatus} from '../../cluster/reads.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class JobStatus extends BaseCommand {
  static override summary = 'List jobs, or show one job: groups, deployment, placement failures, allocations.'
  static override examples = ['<%= config.bin %> job status', '<%= config.bin %> job status web', '<%= config.bin %> job status web --json']
  static override args = {id: Args.string({description: 'job ID (or a unique prefix); omit to list all jobs'})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<JobListRow[] | JobStatusView> {
    const {args, flags} = await this.parse(JobStatus)
    return withCluster(flags.file, async ({store}) => {
      if (!args.id) {
        const rows = await readJobList(store)
        if (!this.jsonEnabled()) for (const l of renderJobList(rows)) this.log(l)
        return rows
      }
      const v = await readJobStatus(store, args.id)
      if (!this.jsonEnabled()) for (const l of renderJobStatus(v, Date.now())) this.log(l)
      return v
    })
  }
}
