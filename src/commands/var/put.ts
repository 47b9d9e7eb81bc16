import {Args, Flags} from '@oclif/core'
import {parseItemArgs, putMessage} from '../../cluster/variable-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import type {Variable} from '../../model/index.js'
import {withCluster} from '../../platform/connect.js'
import {putVariable} from '../../store/variables.js'

export default class VarPut extends BaseCommand {
  static override summary = 'Create or replace a Nomad Variable (check-and-set with --check-index).'
  static override strict = false
  static override examples = [
    '<%= config.bin %> var put nomad/jobs/web password=s3cret user=admin',
    '<%= config.bin %> var put nomad/jobs/web/app cert=@tls.crt --check-index 0   # only if it does not exist',
  ]
  static override args = {path: Args.string({description: 'variable path, e.g. nomad/jobs/<job>[/<group>[/<task>]]', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    'check-index': Flags.integer({description: 'write only if the variable is at this modify index (0: only if it does not exist)'}),
    namespace: Flags.string({description: 'namespace', default: 'default'}),
  }

  async run(): Promise<Variable> {
    const {args, argv, flags} = await this.parse(VarPut)
    const items = parseItemArgs((argv as string[]).slice(1))
    const v = await withCluster(flags.file, ({store}) => putVariable(store, args.path, items, {namespace: flags.namespace, checkIndex: flags['check-index']}))
    if (!this.jsonEnabled()) this.log(putMessage(v))
    return v
  }
}
