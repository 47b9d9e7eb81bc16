import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {withCluster} from '../../platform/connect.js'
import {purgeVariable} from '../../store/variables.js'

export default class VarPurge extends BaseCommand {
  static override summary = 'Delete a Nomad Variable (check-and-set with --check-index).'
  static override examples = ['<%= config.bin %> var purge nomad/jobs/web', '<%= config.bin %> var purge nomad/jobs/web --check-index 42']
  static override args = {path: Args.string({description: 'variable path', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    'check-index': Flags.integer({description: 'delete only if the variable is at this modify index'}),
    namespace: Flags.string({description: 'namespace', default: 'default'}),
  }

  async run(): Promise<{path: string; purged: boolean}> {
    const {args, flags} = await this.parse(VarPurge)
    const purged = await withCluster(flags.file, ({store}) => purgeVariable(store, args.path, {namespace: flags.namespace, checkIndex: flags['check-index']}))
    if (!purged) throw new UserError(`Variable not found: "${args.path}" in namespace "${flags.namespace}".`, {code: 'not_found'})
    if (!this.jsonEnabled()) this.log(`✓ Successfully purged variable "${args.path}"!`)
    return {path: args.path, purged}
  }
}
