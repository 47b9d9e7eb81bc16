import {renderNodeList, type NodeListRow} from '../../cluster/node-list.js'
import {readNodeList} from '../../cluster/reads.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class NodeList extends BaseCommand {
  static override summary = 'List client nodes: status, eligibility, drain, allocations, CPU and memory used.'
  static override examples = ['<%= config.bin %> node list', '<%= config.bin %> node list --json']
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<NodeListRow[]> {
    const {flags} = await this.parse(NodeList)
    const rows = await withCluster(flags.file, ({store}) => readNodeList(store))
    if (!this.jsonEnabled()) for (const l of renderNodeList(rows)) this.log(l)
    return rows
  }
}
