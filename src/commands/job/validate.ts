import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {printValidation} from '../../cli/validate-output.js'
import {type FileValidation, validateJobFiles} from '../../jobspec/job-files.js'

export default class JobValidate extends BaseCommand {
  static override summary = 'Check Nomad job files (HCL2 or API JSON) as Nomad would, with file:line for every problem.'
  static override examples = ['<%= config.bin %> job validate web.nomad.hcl api.nomad.hcl', '<%= config.bin %> job validate web.nomad.hcl --var image=nginx:1.27']
  static override strict = false
  static override args = {file: Args.string({description: 'job file(s) to check', required: true})}
  static override flags = {
    var: Flags.string({description: 'set a variable: name=value', multiple: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true}),
  }

  async run(): Promise<{files: FileValidation[]}> {
    const {argv, flags} = await this.parse(JobValidate)
    const files = await validateJobFiles(argv as string[], {vars: flags.var, varFiles: flags['var-file'], env: process.env})
    // Exit 1 when any file is invalid, after printing every file's result (JSON included).
    if (files.some((f) => !f.valid)) process.exitCode = 1
    if (!this.jsonEnabled()) printValidation(files, (line) => this.log(line))
    return {files}
  }
}
