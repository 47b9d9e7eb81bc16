import {Flags} from '@oclif/core'
import {renderDeploymentList, type DeploymentListRow} from '../../cluster/deployment-view.js'
import {readDeploymentList} from '../../cluster/reads.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class DeploymentList extends BaseCommand {
  static override summary = 'List deployments, newest first.'
  static override examples = ['<%= config.bin %> deployment list', '<%= config.bin %> deployment list --job web']
  static override flags = {...BaseCommand.fileFlag, job: Flags.string({description: 'only deployments of this job'})}

  async run(): Promise<DeploymentListRow[]> {
    const {flags} = await this.parse(DeploymentList)
    const rows = await withCluster(flags.file, ({store}) => readDeploymentList(store, flags.job))
    if (!this.jsonEnabled()) for (const l of renderDeploymentList(rows)) this.log(l)
    return rows
  }
}
