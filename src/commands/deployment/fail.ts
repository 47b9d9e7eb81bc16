import {Args} from '@oclif/core'
import {requestDeployment, type DeploymentActionResult} from '../../cluster/deployment-actions.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class DeploymentFail extends BaseCommand {
  static override summary = 'Mark a running deployment as failed (auto-revert applies).'
  static override examples = ['<%= config.bin %> deployment fail 3c1f9a2e']
  static override args = {id: Args.string({description: 'deployment ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<DeploymentActionResult> {
    const {args, flags} = await this.parse(DeploymentFail)
    const r = await withCluster(flags.file, ({store}) => requestDeployment(store, args.id, 'fail', null, Date.now()))
    if (!this.jsonEnabled()) this.log(`Failing deployment "${r.deploymentId.slice(0, 8)}" (job ${r.jobId}) requested; follow it with \`zdev deployment status ${r.deploymentId.slice(0, 8)}\``)
    return r
  }
}
