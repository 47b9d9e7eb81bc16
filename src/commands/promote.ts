import {Args, Flags} from '@oclif/core'
import {parseDurationFlag} from '../cluster/cli-support.js'
import {parseVarArgs} from '../jobspec/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {promoteJob, type PromoteResult} from '../remote/promote.js'
import {resolveTarget} from '../remote/target.js'

// Exit codes as `nomad job run`: 0 success, 2 placement failure or failed deployment, 1 error.
export default class Promote extends BaseCommand {
  static override summary = 'Promote a job file to another Nomad cluster (a real Nomad or another zdev): plan there, show the diff, register, follow.'
  static override description = 'Renders the job here with the target\'s variables, plans it on the target, prints the diff and the placement result, asks (or --yes), registers it at the plan\'s job modify index — so a change made on the target in between aborts the promotion — and then follows the evaluation and deployment like `nomad job run`. Address and token also from NOMAD_ADDR and NOMAD_TOKEN; TLS from NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY. The token is never printed.'
  static override examples = [
    '<%= config.bin %> promote web.nomad.hcl --to staging',
    'NOMAD_TOKEN=… <%= config.bin %> promote web.nomad.hcl --addr https://nomad.prod:4646 --var-file prod.vars.hcl --yes',
  ]
  static override args = {jobfile: Args.string({description: 'job file (HCL2 or API JSON)', required: true})}
  /** With --addr no platform file is needed (only --to reads its targets). */
  static platformOptional = true
  static override flags = {
    ...BaseCommand.fileFlag,
    to: Flags.string({description: 'a target named in the platform file (targets: {NAME: {addr, namespace, var_files}})'}),
    addr: Flags.string({description: 'the target\'s Nomad API address (default $NOMAD_ADDR)'}),
    token: Flags.string({description: 'ACL token for the target (default $NOMAD_TOKEN)'}),
    namespace: Flags.string({description: 'namespace on the target'}),
    region: Flags.string({description: 'region on the target'}),
    var: Flags.string({description: 'set a variable: name=value', multiple: true, multipleNonGreedy: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values (after the target\'s)', multiple: true, multipleNonGreedy: true}),
    yes: Flags.boolean({char: 'y', description: 'register without asking'}),
    detach: Flags.boolean({description: 'return after registering, without monitoring'}),
    timeout: Flags.string({description: 'give up monitoring after this long', default: '5m'}),
  }

  async run(): Promise<PromoteResult> {
    const {args, flags} = await this.parse(Promote)
    const timeoutMs = parseDurationFlag('timeout', flags.timeout)
    const t = await resolveTarget(flags, process.env)
    const json = this.jsonEnabled()
    const interactive = !json && process.stdin.isTTY === true && process.stdout.isTTY === true
    try {
      const result = await promoteJob(t.client, {
        file: args.jobfile,
        vars: {...t.vars, ...parseVarArgs(flags.var ?? [])},
        varFiles: [...t.varFiles, ...(flags['var-file'] ?? [])],
        env: process.env,
        yes: flags.yes,
        confirm: interactive ? async (q) => (await import('../ui/progress/ask.js')).askYesNo(q) : undefined,
        say: json ? () => undefined : (l) => this.log(l),
        timeoutMs,
        detach: flags.detach,
      })
      if (!json && result.message) process.stderr.write(`${result.message}\n`)
      // With --json, not this.exit(): oclif would print the exit as a second JSON object.
      if (result.exitCode !== 0) {
        if (json) process.exitCode = result.exitCode
        else this.exit(result.exitCode)
      }
      return result
    } finally {
      t.client.close()
    }
  }
}
