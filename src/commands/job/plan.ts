import {Args, Flags} from '@oclif/core'
import {loadJobFile} from '../../jobspec/index.js'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {newId} from '../../lib/ids.js'
import {planJob, renderJobPlan, type JobPlanResult} from '../../scheduler/index.js'
import {planSnapshot} from '../../cluster/plan-snapshot.js'

// Exit codes as `nomad job plan`: 0 no allocation changes, 1 allocations change, 255 error.
export default class JobPlan extends BaseCommand {
  static override summary = 'Dry-run a job against the running cluster: what would be created, updated or destroyed, and why.'
  static override examples = ['<%= config.bin %> job plan web.nomad.hcl', '<%= config.bin %> job plan web.nomad.hcl --snapshot cluster.json --var count=5']
  static override args = {file: Args.string({description: 'job file (HCL2 or API JSON)', required: true})}
  /** Without a platform file (or cluster) the plan is made against an empty cluster. */
  static platformOptional = true
  static override flags = {
    ...BaseCommand.fileFlag,
    var: Flags.string({description: 'set a variable: name=value', multiple: true, multipleNonGreedy: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true, multipleNonGreedy: true}),
    verbose: Flags.boolean({description: 'also show how each group\'s first placement scored on every node compared (binpack, job-anti-affinity, …, normalized-score)', default: false}),
    snapshot: Flags.string({description: 'plan against this cluster snapshot (JSON: jobs, nodes, allocs, deployments) instead of the running cluster'}),
  }

  async run(): Promise<JobPlanResult> {
    const {args, flags} = await this.parse(JobPlan)
    const vars: Record<string, string> = {}
    for (const v of flags.var ?? []) {
      const eq = v.indexOf('=')
      if (eq <= 0) throw new UserError(`Invalid --var ${JSON.stringify(v)}; use --var name=value.`, {code: 'invalid_var', exitCode: 255})
      vars[v.slice(0, eq).trim()] = v.slice(eq + 1)
    }
    const job = await loadJobFile(args.file, {vars, varFiles: flags['var-file'], env: process.env})
    const {snapshot, source, scheduler} = await planSnapshot(flags.file, flags.snapshot)
    const result = planJob(snapshot, job, {now: Date.now(), newId, config: scheduler})
    if (!this.jsonEnabled()) {
      this.log(`Planning against ${source}.\n`)
      const names = new Map(snapshot.nodes.map((n) => [n.ID, n.Name || n.ID]))
      for (const line of renderJobPlan(result, {verbose: flags.verbose, nodeName: (id) => names.get(id) ?? id})) this.log(line)
    }
    // Not this.exit(): in JSON mode oclif would print the exit as a second JSON error object.
    process.exitCode = result.exitCode
    return result
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof UserError && err.exitCode !== 255) {
      const wrapped = new UserError(err.message, {code: err.code, hint: err.hint, exitCode: 255, ...err.location})
      return super.catch(wrapped)
    }
    return super.catch(err)
  }
}
