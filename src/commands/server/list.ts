import {renderServerList, listServers, type ServerListRow} from '../../cluster/server-list.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'

export default class ServerList extends BaseCommand {
  static override summary = 'List the servers and which one leads.'
  static override examples = ['<%= config.bin %> server list']
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<ServerListRow[]> {
    const {flags} = await this.parse(ServerList)
    const rows = await withCluster(flags.file, ({store}) => listServers(store))
    if (!this.jsonEnabled()) for (const l of renderServerList(rows, Date.now())) this.log(l)
    return rows
  }
}
