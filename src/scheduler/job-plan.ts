// `zdev job plan`: what registering a job would change, against a snapshot (empty or given).
import type {Evaluation, Job} from '../model/index.js'
import {emptyDesiredUpdates, type DesiredUpdates, type Plan} from '../model/plan.js'
import {explainPlan} from './explain.js'
import {diffJobs, renderChange, type FieldChange} from './job-diff.js'
import {schedule} from './schedule.js'
import type {SchedulerConfig, Snapshot} from './types.js'

export interface JobPlanResult {
  jobId: string
  diffType: 'Added' | 'Edited' | 'None'
  version: number
  changes: FieldChange[]
  diff: string[]
  totals: DesiredUpdates
  plan: Plan
  explanations: string[]
  exitCode: 0 | 1 // Nomad's: 0 no allocations change, 1 allocations created or destroyed
}

export function planJob(snap: Snapshot, job: Job, opts: {now: number; newId: () => string; config?: SchedulerConfig}): JobPlanResult {
  const existing = snap.jobs[job.ID] ?? null
  const changes = existing && !existing.Stop ? diffJobs(existing, job) : diffJobs(null, job)
  const unchanged = existing !== null && changes.length === 0
  const oldVersion = existing?.Version ?? 0
  const version = existing ? (unchanged ? oldVersion : oldVersion + 1) : 0
  const next: Job = {...job, Version: version}
  const jobVersions = {...(snap.jobVersions ?? {})}
  if (existing && !unchanged) jobVersions[job.ID] = [...(jobVersions[job.ID] ?? []).filter((j) => j.Version !== oldVersion), existing]
  const planned: Snapshot = {...snap, jobs: {...snap.jobs, [job.ID]: next}, jobVersions}
  const ev: Evaluation = {
    ID: opts.newId(),
    Namespace: job.Namespace,
    Priority: job.Priority,
    Type: job.Type,
    TriggeredBy: 'job-register',
    JobID: job.ID,
    Status: 'pending',
    StatusDescription: '',
    WaitUntil: null,
    FailedTGAllocs: null,
    CreateTime: opts.now,
  }
  const plan = schedule(planned, ev, {now: opts.now, newId: opts.newId, ...(opts.config ? {algorithm: opts.config.algorithm, preemption: opts.config.preemption} : {})})
  const totals = emptyDesiredUpdates()
  for (const u of Object.values(plan.Annotations.DesiredTGUpdates)) {
    for (const k of Object.keys(totals) as (keyof DesiredUpdates)[]) totals[k] = (totals[k] ?? 0) + (u[k] ?? 0)
  }
  const moves = totals.Place + totals.Stop + totals.Migrate + totals.DestructiveUpdate + totals.Canary
  return {
    jobId: job.ID,
    diffType: !existing || existing.Stop ? 'Added' : unchanged ? 'None' : 'Edited',
    version,
    changes,
    diff: changes.map(renderChange),
    totals,
    plan,
    explanations: explainPlan(plan),
    exitCode: moves > 0 ? 1 : 0,
  }
}
