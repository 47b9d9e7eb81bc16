import {Args, Flags} from '@oclif/core'
import {requestDeployment, type DeploymentActionResult} from '../../cluster/deployment-actions.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class DeploymentPromote extends BaseCommand {
  static override summary = "Promote a deployment's canaries (all groups, or those named)."
  static override examples = ['<%= config.bin %> deployment promote 3c1f9a2e', '<%= config.bin %> deployment promote 3c1f9a2e --group web']
  static override args = {id: Args.string({description: 'deployment ID (or a unique prefix)', required: true})}
  static override flags = {...BaseCommand.fileFlag, group: Flags.string({description: 'promote only this task group', multiple: true})}

  async run(): Promise<DeploymentActionResult> {
    const {args, flags} = await this.parse(DeploymentPromote)
    const r = await withCluster(flags.file, ({store}) => requestDeployment(store, args.id, 'promote', flags.group?.length ? flags.group : null, Date.now()))
    if (!this.jsonEnabled()) this.log(`Promotion of deployment "${r.deploymentId.slice(0, 8)}" (job ${r.jobId}${r.groups ? `, groups ${r.groups.join(', ')}` : ''}) requested; follow it with \`zdev deployment status ${r.deploymentId.slice(0, 8)}\``)
    return r
  }
}
