import {Args, Flags} from '@oclif/core'
import {abortOnSigint, parseDurationFlag} from '../../cluster/cli-support.js'
import {systemClock} from '../../cluster/clock.js'
import {runJob, type JobRunResult} from '../../cluster/job-run.js'
import {loadJobFile, parseVarArgs} from '../../jobspec/index.js'
import {BaseCommand} from '../../cli/base-command.js'
import {withCluster} from '../../platform/connect.js'
import {withCli} from '../../platform/locate-cli.js'

// Exit codes as `nomad job run`: 0 success, 2 placement failure or failed deployment, 1 error.
export default class JobRun extends BaseCommand {
  static override summary = 'Submit a job file and follow its evaluation and deployment.'
  static override description = 'Without --detach, waits for the evaluation (placement failures are explained, exit 2) and then for the deployment of this job version to succeed or fail. A deployment whose healthy canaries wait for a manual promotion is reported with the command that promotes it, and job run returns (exit 0), as nomad job run does.'
  static override examples = ['<%= config.bin %> job run web.nomad.hcl', '<%= config.bin %> job run web.nomad.hcl --var count=3 --detach']
  static override args = {jobfile: Args.string({description: 'job file (HCL2 or API JSON)', required: true})}
  static override flags = {
    ...BaseCommand.fileFlag,
    var: Flags.string({description: 'set a variable: name=value', multiple: true, multipleNonGreedy: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true, multipleNonGreedy: true}),
    detach: Flags.boolean({description: 'return after registering the job, without monitoring'}),
    timeout: Flags.string({description: 'give up monitoring after this long', default: '5m'}),
  }

  async run(): Promise<JobRunResult> {
    const {args, flags} = await this.parse(JobRun)
    const timeoutMs = parseDurationFlag('timeout', flags.timeout)
    const job = await loadJobFile(args.jobfile, {vars: parseVarArgs(flags.var ?? []), varFiles: flags['var-file'], env: process.env})
    const json = this.jsonEnabled()
    const int = abortOnSigint()
    const result = await withCluster(flags.file, ({store}) =>
      runJob(store, job, {clock: systemClock, detach: flags.detach, timeoutMs, signal: int.signal, onLine: json ? undefined : (l) => this.log(withCli(l))}),
    ).finally(int.dispose)
    if (!json && result.message) process.stderr.write(withCli(`${result.message}\n`))
    // With --json, not this.exit(): oclif would print the exit as a second JSON object.
    if (result.exitCode !== 0) {
      if (json) process.exitCode = result.exitCode
      else this.exit(result.exitCode)
    }
    return result
  }
}
