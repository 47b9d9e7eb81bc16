import {Args, Flags} from '@oclif/core'
import {renderVariable} from '../../cluster/variable-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import type {Variable} from '../../model/index.js'
import {withCluster} from '../../platform/connect.js'
import {getVariable} from '../../store/variables.js'

export default class VarGet extends BaseCommand {
  static override summary = 'Show a Nomad Variable: its metadata and items (--item prints one value).'
  static override examples = ['<%= config.bin %> var get nomad/jobs/web', '<%= config.bin %> var get nomad/jobs/web --item password']
  static override args = {path: Args.string({description: 'variable path', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    item: Flags.string({description: 'print only this item\'s value'}),
    namespace: Flags.string({description: 'namespace', default: 'default'}),
  }

  async run(): Promise<Variable> {
    const {args, flags} = await this.parse(VarGet)
    const v = await withCluster(flags.file, ({store}) => getVariable(store, args.path, flags.namespace))
    if (!v) throw new UserError(`Variable not found: "${args.path}" in namespace "${flags.namespace}".`, {code: 'not_found', hint: 'list variables with `zdev var list`'})
    if (flags.item !== undefined && !(flags.item in v.Items)) throw new UserError(`Variable "${args.path}" has no item "${flags.item}" (items: ${Object.keys(v.Items).sort().join(', ')}).`, {code: 'not_found'})
    if (!this.jsonEnabled()) {
      if (flags.item !== undefined) this.log(v.Items[flags.item])
      else for (const l of renderVariable(v)) this.log(l)
    }
    return v
  }
}
