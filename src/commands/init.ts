import {Args} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {initProject, type InitResult} from '../platform/init.js'

export default class Init extends BaseCommand {
  static override summary = 'Scaffold zdev.yaml and a sample Nomad job (whoami) in a folder.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init my-platform']
  static override args = {dir: Args.string({description: 'folder to scaffold (created if missing)', default: '.'})}

  async run(): Promise<InitResult> {
    const {args} = await this.parse(Init)
    const r = initProject(args.dir)
    if (!this.jsonEnabled()) {
      for (const f of r.created) this.log(`✓ created ${f}`)
      this.log(`\nNext:\n  ${args.dir === '.' ? '' : `cd ${args.dir} && `}zdev up\n  open http://whoami.localhost:8080`)
    }
    return r
  }
}
