import {BaseCommand} from '../cli/base-command.js'
import {listClusters, renderClusters, type ClusterRow} from '../platform/cluster-list.js'

export default class Clusters extends BaseCommand {
  static override summary = 'List every cluster brought up on this machine, with its state and platform file.'
  static override description = 'Read from the user state dir ($XDG_STATE_HOME/zdev, else ~/.local/state/zdev), where `up` records each cluster.'
  static override examples = ['<%= config.bin %> clusters', '<%= config.bin %> clusters --json']

  async run(): Promise<ClusterRow[]> {
    const rows = await listClusters()
    if (!this.jsonEnabled()) for (const l of renderClusters(rows)) this.log(l)
    return rows
  }
}
