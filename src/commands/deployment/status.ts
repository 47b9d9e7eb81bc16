import {Args} from '@oclif/core'
import {renderDeploymentStatus, type DeploymentView} from '../../cluster/deployment-view.js'
import {readDeploymentStatus} from '../../cluster/reads.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class DeploymentStatus extends BaseCommand {
  static override summary = 'Show a deployment and the progress of each task group.'
  static override examples = ['<%= config.bin %> deployment status 3c1f9a2e']
  static override args = {id: Args.string({description: 'deployment ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<DeploymentView> {
    const {args, flags} = await this.parse(DeploymentStatus)
    const v = await withCluster(flags.file, ({store}) => readDeploymentStatus(store, args.id))
    if (!this.jsonEnabled()) for (const l of renderDeploymentStatus(v)) this.log(l)
    return v
  }
}
