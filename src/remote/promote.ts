// `zdev promote FILE`: render the job here with the target's variables, plan it on the
// target, show the diff, ask, register at the plan's JobModifyIndex (so that a change made on
// the target in between aborts the promotion) and follow the evaluation and deployment.
import {loadJobFile} from '../jobspec/index.js'
import {UserError} from '../lib/errors.js'
import type {Job} from '../model/index.js'
import {monitorRegistration, type MonitorResult} from './monitor.js'
import {NomadHttpError, type NomadClient} from './nomad-client.js'
import {planChanges, renderPlan, type PlanResponse} from './plan-render.js'

export interface PromoteOptions {
  file: string
  vars: Record<string, string>
  varFiles: string[]
  env: Record<string, string | undefined>
  /** Called with the rendered plan; false cancels. Without it, `yes` must be set. */
  confirm?: (question: string) => Promise<boolean>
  yes: boolean
  say: (line: string) => void
  timeoutMs: number
  detach?: boolean
}

export type PromoteOutcome = 'no-changes' | 'declined' | 'registered' | MonitorResult['outcome']

export interface PromoteResult {
  jobId: string
  addr: string
  diffType: string
  jobModifyIndex: number
  outcome: PromoteOutcome
  evalId: string | null
  version: number | null
  deploymentId: string | null
  message: string | null
  exitCode: number
}

const EXIT: Record<PromoteOutcome, number> = {
  'no-changes': 0, declined: 1, registered: 0, complete: 0, 'deployment-successful': 0, 'awaiting-promotion': 0,
  'deployment-failed': 2, 'placement-failed': 2, 'eval-failed': 1, timeout: 1,
}

export async function renderForTarget(c: NomadClient, o: Pick<PromoteOptions, 'file' | 'vars' | 'varFiles' | 'env'>): Promise<Job> {
  const job = await loadJobFile(o.file, {vars: o.vars, varFiles: o.varFiles, env: o.env})
  return {...job, ...(c.target.namespace ? {Namespace: c.target.namespace} : {}), ...(c.target.region ? {Region: c.target.region} : {})}
}

export async function planOnTarget(c: NomadClient, job: Job): Promise<PlanResponse> {
  const r = await c.request<PlanResponse>(`plan job "${job.ID}"`, 'PUT', `/v1/job/${encodeURIComponent(job.ID)}/plan`, {body: {Job: job, Diff: true}})
  return r!.body
}

export async function promoteJob(c: NomadClient, o: PromoteOptions): Promise<PromoteResult> {
  const addr = c.target.addr
  const job = await renderForTarget(c, o)
  const plan = await planOnTarget(c, job)
  const base = {jobId: job.ID, addr, diffType: plan.Diff?.Type ?? 'Edited', jobModifyIndex: plan.JobModifyIndex, evalId: null, version: null, deploymentId: null, message: null}
  const done = (outcome: PromoteOutcome, extra: Partial<PromoteResult> = {}): PromoteResult => ({...base, ...extra, outcome, exitCode: EXIT[outcome]})
  o.say(`Plan of job "${job.ID}" on ${addr}:`)
  for (const line of renderPlan(plan)) o.say(line)
  if (!planChanges(plan)) {
    o.say('')
    o.say(`Job "${job.ID}" on ${addr} already runs this spec; nothing to promote.`)
    return done('no-changes')
  }
  if (!o.yes) {
    if (!o.confirm) throw new UserError('Promotion needs a confirmation: run it on a terminal to answer, or pass --yes.', {code: 'needs_confirmation'})
    if (!(await o.confirm(`Register job "${job.ID}" on ${addr}?`))) return done('declined', {message: 'cancelled; nothing was registered'})
  }
  let reg
  try {
    reg = (await c.request<{EvalID: string; JobModifyIndex: number}>(`register job "${job.ID}"`, 'PUT', '/v1/jobs', {body: {Job: job, EnforceIndex: true, JobModifyIndex: plan.JobModifyIndex}}))!.body
  } catch (err) {
    if (err instanceof NomadHttpError && err.body.includes('Enforcing job modify index')) {
      throw new UserError(
        `Job "${job.ID}" changed on ${addr} after the plan (the plan was made at job modify index ${plan.JobModifyIndex}); nothing was registered.`,
        {code: 'changed_since_plan', hint: 'run `zdev promote` again to see the new diff.', cause: err},
      )
    }
    throw err
  }
  const now = await c.request<{Version: number}>('read the job', 'GET', `/v1/job/${encodeURIComponent(job.ID)}`)
  const version = now!.body.Version
  o.say('')
  o.say(`Job "${job.ID}" registered on ${addr} as version ${version} (job modify index ${reg.JobModifyIndex}).`)
  if (!reg.EvalID || o.detach) return done('registered', {evalId: reg.EvalID || null, version})
  const m = await monitorRegistration(c, job.ID, reg.EvalID, version, {timeoutMs: o.timeoutMs, say: o.say})
  return done(m.outcome, {evalId: reg.EvalID, version, deploymentId: m.deploymentId, message: m.message})
}
