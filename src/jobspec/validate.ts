import {UserError} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {lineFor} from './line-map.js'
import {checker, loadCheckers} from './validate-checkers.js'
import {validateGroup} from './validate-group.js'

// Nomad-like validation of a canonical job. Collects every problem with its location.

export type Report = (path: string, message: string, field?: string, severity?: 'warning') => void

const JOB_TYPES = ['service', 'batch', 'system', 'sysbatch']

/** Every problem as a located UserError; problems Nomad accepts go to `warnings` instead. */
export async function validateJob(job: Job, file?: string, warnings: string[] = []): Promise<UserError[]> {
  await loadCheckers(job)
  const errors: UserError[] = []
  const report: Report = (path, message, field, severity) => {
    const line = file ? lineFor(job, path) : undefined
    const prefix = file ? `${file}${line !== undefined ? `:${line}` : ''}: ` : ''
    if (severity === 'warning') warnings.push(prefix + message)
    else errors.push(new UserError(prefix + message, {code: 'invalid_job', file, line, field}))
  }
  if (!job.ID) report('', 'Missing job ID; give the job a name: job "<name>" { … }.', 'ID')
  else if (/\s/.test(job.ID)) report('', `Job ID contains a space: ${JSON.stringify(job.ID)}; use letters, digits, "-" or "_".`, 'ID')
  if (!job.Name) report('', 'Missing job name.', 'Name')
  if (!JOB_TYPES.includes(job.Type)) report('', `Invalid job type: ${JSON.stringify(job.Type)}; use one of ${JOB_TYPES.map((t) => JSON.stringify(t)).join(', ')}.`, 'Type')
  if (!Number.isInteger(job.Priority) || job.Priority < 1 || job.Priority > 100) report('', `Job priority must be between [1, 100], got ${job.Priority}.`, 'Priority')
  if (!job.Region) report('', 'Missing job region.', 'Region')
  if (job.Datacenters.some((d) => !d)) report('', 'Job datacenters must not contain an empty name.', 'Datacenters')
  if (!job.TaskGroups.length) report('', 'Missing job task groups; add a group "<name>" { … } block with at least one task.', 'group')
  validatePeriodic(job, report)
  if (job.ParameterizedJob) {
    if (job.Type !== 'batch' && job.Type !== 'sysbatch') report('ParameterizedJob', `Parameterized job can only be used with "batch" or "sysbatch" scheduler, not ${JSON.stringify(job.Type)}.`, 'parameterized')
    if (!['optional', 'required', 'forbidden'].includes(job.ParameterizedJob.Payload)) report('ParameterizedJob', `Unknown payload requirement: ${JSON.stringify(job.ParameterizedJob.Payload)}; use "optional", "required" or "forbidden".`, 'payload')
  }
  const seen = new Map<string, number>()
  job.TaskGroups.forEach((g, i) => {
    const first = seen.get(g.Name)
    if (first !== undefined) report(`TaskGroups[${i}]`, `Job task group ${i + 1} redefines '${g.Name}' from group ${first + 1}; give each group a unique name.`, 'group')
    else seen.set(g.Name, i)
    validateGroup(job, g, `TaskGroups[${i}]`, report)
  })
  return errors
}

function validatePeriodic(job: Job, report: Report): void {
  const p = job.Periodic
  if (!p || !p.Enabled) return
  if (job.Type !== 'batch' && job.Type !== 'sysbatch') report('Periodic', `Periodic can only be used with "batch" or "sysbatch" scheduler, not ${JSON.stringify(job.Type)}.`, 'periodic')
  const specs = p.Specs && p.Specs.length ? p.Specs : [p.Spec]
  if (!specs.some((s) => s)) report('Periodic', 'Must specify a spec: set cron = "…" in the periodic block.', 'cron')
  for (const spec of specs) {
    if (!spec) continue
    const why = checker('checkCron')(spec)
    if (why) report('Periodic', `Invalid periodic spec ${JSON.stringify(spec)}: ${why}.`, 'cron')
  }
  const zone = checker('checkTimeZone')(p.TimeZone)
  if (zone) report('Periodic', `Invalid time zone ${JSON.stringify(p.TimeZone)}: ${zone}.`, 'time_zone')
  if (p.SpecType !== 'cron') report('Periodic', `Unknown periodic specification type ${JSON.stringify(p.SpecType)}; only "cron" is supported.`, 'spec_type')
}
