import {Args} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import path from 'node:path'
import {initProject, type InitResult} from '../platform/init.js'
import {cliCommand} from '../platform/locate-cli.js'

export default class Init extends BaseCommand {
  static override summary = 'Scaffold zdev.yaml and a sample Nomad job (whoami) in a folder.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init my-platform']
  static override args = {dir: Args.string({description: 'folder to scaffold (created if missing)', default: '.'})}

  async run(): Promise<InitResult> {
    const {args} = await this.parse(Init)
    const r = initProject(args.dir)
    if (!this.jsonEnabled()) {
      for (const f of r.created) this.log(`✓ created ${f}`)
      // After a cd, a relative ./bin/run.js no longer works: name the script absolutely then.
      const cli = cliCommand()
      const up = args.dir === '.' || cli === 'zdev' ? cli : path.resolve(process.argv[1] ?? cli)
      this.log(`\nNext:\n  ${args.dir === '.' ? '' : `cd ${args.dir} && `}${up} up\n  open http://whoami.localhost:8080`)
    }
    return r
  }
}
