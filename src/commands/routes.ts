import {BaseCommand} from '../cli/base-command.js'
import {readRoutes, type RoutesReport} from '../platform/routes.js'
import {formatRoutes} from '../ui/routes/format-routes.js'

export default class Routes extends BaseCommand {
  static override summary = 'List the proxies\' routers (from the services\' Traefik tags), their rules, priorities, healthy instances, and any disabled router with its error.'
  static override examples = ['<%= config.bin %> routes', '<%= config.bin %> routes --json']
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<RoutesReport> {
    const {flags} = await this.parse(Routes)
    const r = await readRoutes(flags.file)
    if (!this.jsonEnabled()) process.stdout.write(formatRoutes(r))
    return r
  }
}
