import type {Job} from '../../model/index.js'
import {inNamespace, parseListQuery} from '../query.js'
import {allocIndexes, allocStub} from '../shapes/alloc-shape.js'
import {deploymentOut, evalOut} from '../shapes/cluster-shape.js'
import {jobIndexes, jobOut, jobStub, jobSummary} from '../shapes/job-shape.js'
import {indexesOf} from '../revisions.js'
import {read, type ReadHandler} from '../types.js'
import {jobOr404, snapshot, T} from './snapshot.js'

export const listJobs: ReadHandler = read(T.jobs, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return Object.values(st.jobs)
    .filter((j) => j.ID.startsWith(lq.prefix) && inNamespace(lq, j.Namespace))
    .sort((a, b) => a.ID.localeCompare(b.ID))
    .map((j) => jobStub(st, j, jobIndexes(revs, ctx.store.keys, j.ID)))
})

export const readJob: ReadHandler = read(T.job, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  return jobOut(st, job, jobIndexes(revs, ctx.store.keys, job.ID))
})

export const jobVersions: ReadHandler = read(T.job, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  const versions = [...(st.jobVersions[job.ID] ?? [])].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
  const out = versions.map((v: Job) => {
    const ix = indexesOf(revs, ctx.store.keys.jobVersion(job.ID, v.Version ?? 0))
    return {...jobOut(st, v, {...ix, JobModifyIndex: ix.CreateIndex}), Stable: v.Stable ?? false}
  })
  return {Versions: out, Diffs: null}
})

export const jobSummaryRead: ReadHandler = read(T.job, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  return jobSummary(st, job, jobIndexes(revs, ctx.store.keys, job.ID))
})

export const jobAllocations: ReadHandler = read(T.allocs, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  return st.allocs
    .filter((a) => a.JobID === job.ID && (req.query.get('all') === 'true' || a.JobVersion <= (job.Version ?? 0)))
    .map((a) => allocStub(a, job, allocIndexes(revs, ctx.store.keys, a)))
})

export const jobEvaluations: ReadHandler = read(T.evals, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  return st.evals.filter((e) => e.JobID === job.ID).map((e) => evalOut(e, indexesOf(revs, ctx.store.keys.evaluation(e.ID))))
})

export const jobDeployments: ReadHandler = read(T.deployments, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  return st.deployments
    .filter((d) => d.JobID === job.ID)
    .sort((a, b) => b.CreateTime - a.CreateTime)
    .map((d) => deploymentOut(d, indexesOf(revs, ctx.store.keys.deployment(d.ID))))
})

export const jobLatestDeployment: ReadHandler = read(T.deployments, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  const d = st.deployments.filter((x) => x.JobID === job.ID).sort((a, b) => b.JobVersion - a.JobVersion || b.CreateTime - a.CreateTime)[0]
  return d ? deploymentOut(d, indexesOf(revs, ctx.store.keys.deployment(d.ID))) : null
})

export const jobScaleStatus: ReadHandler = read(T.job, async (ctx, req) => {
  const {st, revs} = await snapshot(ctx)
  const job = jobOr404(st, req.params.id!)
  const ix = jobIndexes(revs, ctx.store.keys, job.ID)
  const dep = st.deployments.filter((d) => d.JobID === job.ID && d.Status === 'running')[0]
  const TaskGroups: Record<string, unknown> = {}
  for (const tg of job.TaskGroups) {
    const live = st.allocs.filter((a) => a.JobID === job.ID && a.TaskGroup === tg.Name && a.DesiredStatus === 'run')
    const ds = dep?.TaskGroups[tg.Name]
    TaskGroups[tg.Name] = {
      Desired: tg.Count,
      Placed: live.length,
      Running: live.filter((a) => a.ClientStatus === 'running').length,
      Healthy: ds ? ds.HealthyAllocs : live.filter((a) => a.DeploymentStatus?.Healthy).length,
      Unhealthy: ds ? ds.UnhealthyAllocs : 0,
      Events: null,
    }
  }
  return {JobID: job.ID, Namespace: job.Namespace, JobCreateIndex: ix.CreateIndex, JobModifyIndex: ix.JobModifyIndex, JobStopped: job.Stop, TaskGroups}
})
