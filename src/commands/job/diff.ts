import {Args, Flags} from '@oclif/core'
import {parseVarArgs} from '../../jobspec/index.js'
import {BaseCommand} from '../../cli/base-command.js'
import {renderDiff} from '../../remote/plan-render.js'
import {planOnTarget, renderForTarget} from '../../remote/promote.js'
import {resolveTarget} from '../../remote/target.js'
import type {JobDiff} from '../../model/index.js'

// Exit codes as diff(1): 0 the target runs this spec, 1 it differs.
export default class JobDiffCommand extends BaseCommand {
  static override summary = 'Show what differs between a job file and the job running on a Nomad cluster (a dry-run plan there; nothing is changed).'
  static override examples = ['<%= config.bin %> job diff web.nomad.hcl --addr http://127.0.0.1:4646', '<%= config.bin %> job diff web.nomad.hcl --to staging']
  static override args = {jobfile: Args.string({description: 'job file (HCL2 or API JSON)', required: true})}
  /** With --addr no platform file is needed (only --to reads its targets). */
  static platformOptional = true
  static override flags = {
    ...BaseCommand.fileFlag,
    to: Flags.string({description: 'a target named in the platform file'}),
    addr: Flags.string({description: 'the Nomad API address (default $NOMAD_ADDR)'}),
    token: Flags.string({description: 'ACL token (default $NOMAD_TOKEN)'}),
    namespace: Flags.string({description: 'namespace on the target'}),
    region: Flags.string({description: 'region on the target'}),
    var: Flags.string({description: 'set a variable: name=value', multiple: true, multipleNonGreedy: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true, multipleNonGreedy: true}),
  }

  async run(): Promise<{jobId: string; addr: string; diff: JobDiff | null; jobModifyIndex: number; differs: boolean}> {
    const {args, flags} = await this.parse(JobDiffCommand)
    const t = await resolveTarget(flags, process.env)
    try {
      const job = await renderForTarget(t.client, {file: args.jobfile, vars: {...t.vars, ...parseVarArgs(flags.var ?? [])}, varFiles: [...t.varFiles, ...(flags['var-file'] ?? [])], env: process.env})
      const plan = await planOnTarget(t.client, job)
      const differs = !plan.Diff || plan.Diff.Type !== 'None'
      if (!this.jsonEnabled()) {
        if (!differs) this.log(`Job "${job.ID}" on ${t.client.target.addr} runs this spec.`)
        else for (const l of renderDiff(plan.Diff!, plan.Annotations?.DesiredTGUpdates ?? {})) this.log(l)
      }
      process.exitCode = differs ? 1 : 0
      return {jobId: job.ID, addr: t.client.target.addr, diff: plan.Diff, jobModifyIndex: plan.JobModifyIndex, differs}
    } finally {
      t.client.close()
    }
  }
}
