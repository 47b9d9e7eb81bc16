// `zdev job run`: register the job, then (unless detached) follow its evaluation and the
// deployment it started, like `nomad job run`. Exit codes as Nomad: 0 success, 2 placement
// failure (or a failed deployment), 1 errors and timeouts.
import type {AllocMetric, Job} from '../model/index.js'
import {nextLaunch} from '../server/periodic-dispatcher.js'
import {submitJob, type Clock} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import {monitorDeployment} from './deployment-monitor.js'
import type {DeploymentView} from './deployment-view.js'
import {monitorEvaluation, type MonitorContext} from './eval-monitor.js'
import {formatTime, shortId} from './format.js'
import {promotionMessage} from './promotion-wait.js'

export type JobRunOutcome =
  | 'registered' // --detach, or a periodic/parameterized parent (never evaluated itself)
  | 'complete' // evaluation complete, no deployment to follow
  | 'deployment-successful'
  | 'awaiting-promotion' // canaries healthy, waiting for `deployment promote` (Nomad returns too)
  | 'deployment-failed'
  | 'placement-failed'
  | 'eval-failed'
  | 'timeout'
  | 'interrupted'

export interface JobRunResult {
  jobId: string
  version: number
  changed: boolean
  evalId: string | null
  outcome: JobRunOutcome
  exitCode: number
  placementFailures: Record<string, AllocMetric> | null
  deployment: DeploymentView | null
  nextLaunch: number | null
  message: string | null
}

export interface RunJobOptions {
  clock: Clock
  detach?: boolean
  timeoutMs: number
  pollMs?: number
  signal?: AbortSignal
  onLine?: (line: string) => void
}

const EXIT: Record<JobRunOutcome, number> = {
  registered: 0, complete: 0, 'deployment-successful': 0, 'awaiting-promotion': 0, 'deployment-failed': 2, 'placement-failed': 2, 'eval-failed': 1, timeout: 1, interrupted: 130,
}

export async function runJob(store: Store, job: Job, opts: RunJobOptions): Promise<JobRunResult> {
  const say = opts.onLine ?? (() => undefined)
  const sub = await submitJob(store, job, opts.clock)
  const base = {jobId: sub.job.ID, version: sub.version, changed: sub.changed, evalId: sub.evalId || null, placementFailures: null, deployment: null, nextLaunch: null, message: null}
  const done = (outcome: JobRunOutcome, extra: Partial<JobRunResult> = {}): JobRunResult => ({...base, ...extra, outcome, exitCode: EXIT[outcome]})
  if (!sub.evalId) {
    say('Job registration successful')
    if (sub.job.Periodic?.Enabled) {
      const now = opts.clock.now()
      const next = nextLaunch(sub.job, now)
      if (typeof next === 'number') {
        say(`Approximate next launch time: ${formatTime(next)} (${Math.max(0, Math.round((next - now) / 1000))}s from now)`)
        return done('registered', {nextLaunch: next})
      }
      say(next === null ? 'No next launch: the cron specs never fire again' : `Warning: ${next}`)
    }
    return done('registered')
  }
  if (opts.detach) {
    say('Job registration successful')
    say(`Evaluation ID: ${sub.evalId}`)
    return done('registered')
  }
  const ctx: MonitorContext = {store, now: opts.clock.now, deadline: opts.clock.now() + opts.timeoutMs, pollMs: opts.pollMs ?? 200, signal: opts.signal, say}
  const timeoutMsg = (what: string) => `Timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${what}; the job keeps going: follow it with \`zdev job status ${sub.job.ID}\`.`
  const ev = await monitorEvaluation(ctx, sub.evalId, sub.job.ID)
  if (ev.kind === 'timeout') return done('timeout', {message: timeoutMsg(`evaluation ${shortId(sub.evalId)} (is a server running and leading?)`)})
  if (ev.kind === 'interrupted') return done('interrupted')
  if (ev.kind === 'eval-failed') return done('eval-failed', {evalId: ev.evalId, message: `Evaluation ${shortId(ev.evalId)} failed: ${ev.description}.`})
  if (ev.kind === 'placement-failed') return done('placement-failed', {evalId: ev.evalId, placementFailures: ev.failures})
  const deps = ev.state.deployments.filter((d) => d.JobID === sub.job.ID && d.JobVersion === sub.version).sort((a, b) => b.CreateTime - a.CreateTime)
  if (!deps[0]) return done('complete', {evalId: ev.evalId})
  const dep = await monitorDeployment(ctx, deps[0].ID)
  const extra = {evalId: ev.evalId, deployment: dep.deployment}
  if (dep.kind === 'successful') return done('deployment-successful', extra)
  if (dep.kind === 'awaiting-promotion') {
    say(promotionMessage(deps[0].ID, dep.groups))
    return done('awaiting-promotion', extra)
  }
  if (dep.kind === 'timeout') return done('timeout', {...extra, message: timeoutMsg(`deployment ${shortId(deps[0].ID)}`)})
  if (dep.kind === 'interrupted') return done('interrupted', extra)
  return done('deployment-failed', {...extra, message: `Deployment ${shortId(deps[0].ID)} ${dep.kind}: ${dep.deployment.description || 'no description'}.`})
}

