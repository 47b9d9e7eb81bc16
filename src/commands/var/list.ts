import {Args, Flags} from '@oclif/core'
import {renderVariableList} from '../../cluster/variable-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import type {VariableMetadata} from '../../model/index.js'
import {withCluster} from '../../platform/connect.js'
import {listVariables, metadataOf} from '../../store/variables.js'

export default class VarList extends BaseCommand {
  static override summary = 'List Nomad Variables (paths and times, never items), optionally under a prefix.'
  static override examples = ['<%= config.bin %> var list', '<%= config.bin %> var list nomad/jobs/web']
  static override args = {prefix: Args.string({description: 'path prefix', default: ''})}
  static override flags = {
    ...BaseCommand.fileFlag,
    namespace: Flags.string({description: 'namespace (* for all)', default: 'default'}),
  }

  async run(): Promise<VariableMetadata[]> {
    const {args, flags} = await this.parse(VarList)
    const vs = await withCluster(flags.file, ({store}) => listVariables(store, args.prefix, flags.namespace))
    if (!this.jsonEnabled()) for (const l of renderVariableList(vs)) this.log(l)
    return vs.map(metadataOf)
  }
}
