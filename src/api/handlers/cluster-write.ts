// Deployment promote/fail, alloc stop, node drain and eligibility: the requests the CLI makes,
// through the same store and cluster functions.
import {setNodeDrain, setNodeEligibility} from '../../cluster/node-drain.js'
import {requestAllocStop} from '../../store/alloc-requests.js'
import {requestDeploymentAction} from '../../store/deployment-requests.js'
import {badRequest, write, type ApiContext, type WriteHandler} from '../types.js'
import {bodyObject} from './job-input.js'

const idx = (ctx: ApiContext, ...tables: string[]) => ctx.tables.index(tables)

export const promoteDeployment: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const groups = body.All === true ? null : Array.isArray(body.Groups) && body.Groups.length ? (body.Groups as string[]) : null
  await requestDeploymentAction(ctx.store, req.params.id!, 'promote', groups, ctx.now())
  return {EvalID: '', EvalCreateIndex: 0, DeploymentModifyIndex: idx(ctx, 'deployment-requests'), Index: idx(ctx, 'deployment-requests')}
})

export const failDeployment: WriteHandler = write(async (ctx, req) => {
  await requestDeploymentAction(ctx.store, req.params.id!, 'fail', null, ctx.now())
  return {EvalID: '', EvalCreateIndex: 0, DeploymentModifyIndex: idx(ctx, 'deployment-requests'), Index: idx(ctx, 'deployment-requests')}
})

export const stopAllocation: WriteHandler = write(async (ctx, req) => {
  await requestAllocStop(ctx.store, req.params.id!, ctx.now())
  return {EvalID: '', Index: idx(ctx, 'alloc-requests')}
})

const clockOf = (ctx: ApiContext) => ({now: ctx.now, newId: ctx.newId})

export const drainNode: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const spec = body.DrainSpec as {Deadline?: number; IgnoreSystemJobs?: boolean} | null | undefined
  const r = await setNodeDrain(ctx.store, req.params.id!, {
    enable: Boolean(spec),
    deadlineNs: Number(spec?.Deadline ?? 0),
    ignoreSystemJobs: Boolean(spec?.IgnoreSystemJobs),
    keepIneligible: body.MarkEligible !== true,
  }, clockOf(ctx))
  const i = idx(ctx, 'node-drain', 'evals')
  return {EvalIDs: r.evalIds, EvalCreateIndex: i, NodeModifyIndex: i, Index: i}
})

export const nodeEligibility: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  if (body.Eligibility !== 'eligible' && body.Eligibility !== 'ineligible') throw badRequest(`invalid scheduling eligibility "${String(body.Eligibility)}"`)
  const r = await setNodeEligibility(ctx.store, req.params.id!, body.Eligibility === 'eligible', clockOf(ctx))
  const i = idx(ctx, 'node-drain', 'evals')
  return {EvalIDs: r.evalIds, EvalCreateIndex: i, NodeModifyIndex: i, Index: i}
})
