import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {renderJobFile} from '../../jobspec/job-files.js'
import type {Job} from '../../model/job.js'

export default class JobRender extends BaseCommand {
  static override summary = 'Print a job file as the canonical Nomad API JSON ({"Job": …}) that zdev and Nomad run.'
  static override examples = ['<%= config.bin %> job render web.nomad.hcl', '<%= config.bin %> job render web.nomad.hcl --var count=3 --var-file prod.vars.hcl']
  static override args = {file: Args.string({description: 'job file (HCL2 or API JSON)', required: true})}
  static override flags = {
    var: Flags.string({description: 'set a variable: name=value', multiple: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true}),
  }

  async run(): Promise<{Job: Job}> {
    const {args, flags} = await this.parse(JobRender)
    const out = await renderJobFile(args.file, {vars: flags.var, varFiles: flags['var-file'], env: process.env})
    if (!this.jsonEnabled()) this.log(JSON.stringify(out, null, 2))
    return out
  }
}
