import type {Job} from '../../model/index.js'
import {nextLaunch} from '../../server/periodic-dispatcher.js'
import {snapshotOf} from '../../server/scheduling.js'
import {planJob} from '../../scheduler/index.js'
import {readClusterState} from '../../store/cluster-state.js'
import {revertJob, stopJob, submitJob, type SubmitResult} from '../../store/jobs.js'
import {jobDiff, updatesOf} from '../shapes/job-diff-shape.js'
import {goTime} from '../time-shape.js'
import {ApiError, badRequest, notFound, write, type ApiContext, type WriteHandler} from '../types.js'
import {bodyObject, jobFromRequest} from './job-input.js'

const clockOf = (ctx: ApiContext) => ({now: ctx.now, newId: ctx.newId})

async function jobModifyIndex(ctx: ApiContext, id: string): Promise<number> {
  return (await ctx.store.get(ctx.store.keys.job(id)))?.modRevision ?? 0
}

async function registered(ctx: ApiContext, sub: SubmitResult): Promise<Record<string, unknown>> {
  const index = await jobModifyIndex(ctx, sub.job.ID)
  return {EvalID: sub.evalId, EvalCreateIndex: sub.evalId ? index : 0, JobModifyIndex: index, Warnings: '', Index: index, KnownLeader: true, LastContact: 0}
}

/** PUT|POST /v1/jobs and /v1/job/:id: register, optionally only at the JobModifyIndex the caller saw. */
export const registerJob: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const job = await jobFromRequest(body.Job)
  if (req.params.id !== undefined && req.params.id !== job.ID) throw badRequest('Job ID does not match name')
  const enforce = body.EnforceIndex === true ? {enforceModifyIndex: Number(body.JobModifyIndex ?? 0)} : {}
  return registered(ctx, await submitJob(ctx.store, job, clockOf(ctx), 'job-register', enforce))
})

async function existing(ctx: ApiContext, id: string): Promise<Job> {
  const e = await ctx.store.get<Job>(ctx.store.keys.job(id))
  if (!e) throw notFound('job')
  return e.value
}

/** DELETE /v1/job/:id[?purge=true]. */
export const deregisterJob: WriteHandler = write(async (ctx, req) => {
  const id = req.params.id!
  await existing(ctx, id)
  const evalId = await stopJob(ctx.store, id, req.query.get('purge') === 'true', clockOf(ctx))
  const index = ctx.tables.index(['jobs', 'evals'])
  return {EvalID: evalId, EvalCreateIndex: index, JobModifyIndex: await jobModifyIndex(ctx, id) || index, Index: index}
})

/** PUT|POST /v1/job/:id/plan: a dry run against the cluster, with Nomad's diff and annotations. */
export const planJobRequest: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const job = await jobFromRequest(body.Job)
  if (req.params.id !== job.ID) throw badRequest('Job ID does not match')
  const st = await readClusterState(ctx.store)
  const res = planJob(snapshotOf(st), job, {now: ctx.now(), newId: ctx.newId})
  const DesiredTGUpdates = res.plan.Annotations.DesiredTGUpdates
  const updates = Object.fromEntries(Object.entries(DesiredTGUpdates).map(([g, u]) => [g, updatesOf(u)]))
  const destructive = new Set(Object.entries(DesiredTGUpdates).filter(([, u]) => u.DestructiveUpdate > 0).map(([g]) => g))
  const next = job.Periodic?.Enabled ? nextLaunch(job, ctx.now()) : null
  return {
    Index: st.revision,
    JobModifyIndex: st.jobModRevisions[job.ID] ?? 0,
    CreatedEvals: null,
    Diff: body.Diff === true ? jobDiff(st.jobs[job.ID] ?? null, job, {updates, destructive}) : null,
    Annotations: {DesiredTGUpdates, PreemptedAllocs: null},
    FailedTGAllocs: Object.keys(res.plan.FailedTGAllocs).length ? res.plan.FailedTGAllocs : null,
    NextPeriodicLaunch: goTime(typeof next === 'number' ? next : null),
    Warnings: '',
  }
})

/** PUT|POST /v1/job/:id/revert {JobVersion, EnforcePriorVersion}. */
export const revertJobRequest: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const id = req.params.id!
  const cur = await existing(ctx, id)
  if (typeof body.JobVersion !== 'number') throw badRequest('JobVersion must be a number')
  if (typeof body.EnforcePriorVersion === 'number' && body.EnforcePriorVersion !== (cur.Version ?? 0)) {
    throw new ApiError(500, `current job has version ${cur.Version ?? 0}; enforcing version ${body.EnforcePriorVersion}`)
  }
  if (body.JobVersion === (cur.Version ?? 0)) throw badRequest(`can't revert to current version`)
  return registered(ctx, await revertJob(ctx.store, id, body.JobVersion, clockOf(ctx)))
})

/** PUT|POST /v1/job/:id/scale {Count, Target: {Group}}: a new version with the group's count. */
export const scaleJob: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const job = await existing(ctx, req.params.id!)
  const group = (body.Target as {Group?: unknown} | undefined)?.Group
  if (typeof group !== 'string') throw badRequest('Target.Group must be set to the task group to scale')
  if (!job.TaskGroups.some((g) => g.Name === group)) throw badRequest(`task group "${group}" specified for scaling does not exist in job`)
  if (body.Count === undefined || body.Count === null) throw badRequest('Count must be set (scaling events without a count are not supported)')
  if (typeof body.Count !== 'number' || !Number.isInteger(body.Count) || body.Count < 0) throw badRequest('scaling action count can\'t be negative')
  const scaled: Job = {...job, TaskGroups: job.TaskGroups.map((g) => (g.Name === group ? {...g, Count: body.Count as number} : g))}
  return registered(ctx, await submitJob(ctx.store, scaled, clockOf(ctx)))
})
