// Child jobs launched on request: dispatch of a parameterized job, periodic/force.
import {randomBytes} from 'node:crypto'
import type {Job} from '../../model/index.js'
import {deriveChildJob} from '../../server/periodic-dispatcher.js'
import {submitJob} from '../../store/jobs.js'
import {badRequest, notFound, write, type ApiContext, type WriteHandler} from '../types.js'
import {bodyObject} from './job-input.js'

async function parentJob(ctx: ApiContext, id: string): Promise<Job> {
  const e = await ctx.store.get<Job>(ctx.store.keys.job(id))
  if (!e) throw notFound('job')
  return e.value
}

/** The child a dispatch creates (Nomad: `<parent>/dispatch-<unix>-<8 hex>`), or why it cannot. Pure. */
export function dispatchChild(parent: Job, meta: Record<string, string>, payload: string, now: number, suffix: string): Job | string {
  const p = parent.ParameterizedJob
  if (!p) return `Specified job "${parent.ID}" is not a parameterized job`
  if (parent.Stop) return `Specified job "${parent.ID}" is stopped`
  for (const k of p.MetaRequired ?? []) if (!(k in meta)) return `Dispatch did not provide required meta keys: [${k}]`
  const allowed = new Set([...(p.MetaRequired ?? []), ...(p.MetaOptional ?? [])])
  const extra = Object.keys(meta).filter((k) => !allowed.has(k))
  if (extra.length) return `Dispatch specified unpermitted meta keys: [${extra.join(' ')}]`
  if (p.Payload === 'required' && !payload) return 'Payload is not provided but required by parameterized job'
  if (p.Payload === 'forbidden' && payload) return 'Payload provided but forbidden by parameterized job'
  const id = `${parent.ID}/dispatch-${Math.floor(now / 1000)}-${suffix}`
  const {Version: _v, SubmitTime: _s, Status: _st, ...spec} = parent
  return {...spec, ID: id, Name: id, ParentID: parent.ID, ParameterizedJob: null, Dispatched: true, Payload: payload || null, Meta: {...(parent.Meta ?? {}), ...meta}, Stop: false}
}

export const dispatchJob: WriteHandler = write(async (ctx, req) => {
  const body = bodyObject(await req.body())
  const parent = await parentJob(ctx, req.params.id!)
  const meta = (body.Meta ?? {}) as Record<string, string>
  const child = dispatchChild(parent, meta, typeof body.Payload === 'string' ? body.Payload : '', ctx.now(), randomBytes(4).toString('hex'))
  if (typeof child === 'string') throw badRequest(child)
  const sub = await submitJob(ctx.store, child, {now: ctx.now, newId: ctx.newId}, 'job-register')
  const index = (await ctx.store.get(ctx.store.keys.job(child.ID)))?.modRevision ?? 0
  return {Index: index, JobCreateIndex: index, EvalCreateIndex: index, EvalID: sub.evalId, DispatchedJobID: child.ID}
})

export const forcePeriodic: WriteHandler = write(async (ctx, req) => {
  const parent = await parentJob(ctx, req.params.id!)
  if (!parent.Periodic?.Enabled) throw badRequest(`can't force launch non-periodic job`)
  const child = deriveChildJob(parent, ctx.now())
  const sub = await submitJob(ctx.store, child, {now: ctx.now, newId: ctx.newId}, 'periodic-job')
  const index = (await ctx.store.get(ctx.store.keys.job(child.ID)))?.modRevision ?? 0
  return {EvalID: sub.evalId, EvalCreateIndex: index, Index: index}
})
