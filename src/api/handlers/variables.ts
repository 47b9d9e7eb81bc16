// Nomad Variables over HTTP (api-docs "Variables"): GET /v1/vars lists metadata only, GET
// /v1/var/:path reads one with its items, PUT/POST writes (with ?cas=N check-and-set), DELETE
// purges (?cas=N too). A failed check-and-set answers 409 with the variable as it is now, the
// body Nomad's clients read the conflict from.
import {UserError} from '../../lib/errors.js'
import type {Variable} from '../../model/index.js'
import {getVariable, listVariables, metadataOf, purgeVariable, putVariable} from '../../store/variables.js'
import {parseListQuery} from '../query.js'
import {ApiStatus, badRequest, notFound, read, write, type ApiRequest, type ReadHandler, type WriteHandler} from '../types.js'
import {bodyObject} from './job-input.js'

const TABLES = ['variables'] as const

function namespaceOf(req: ApiRequest, body?: Record<string, unknown>): string {
  const q = req.query.get('namespace')
  if (q) return q
  return typeof body?.Namespace === 'string' && body.Namespace ? body.Namespace : 'default'
}

function casOf(req: ApiRequest): number | undefined {
  const raw = req.query.get('cas')
  if (raw === null || raw === '') return undefined
  if (!/^\d+$/.test(raw)) throw badRequest(`failed to parse cas value "${raw}": not an unsigned integer`)
  return Number(raw)
}

function pathOf(req: ApiRequest): string {
  const path = req.params.path ?? ''
  if (!path) throw badRequest('missing variable path')
  return path
}

/** A check-and-set conflict as Nomad answers it: 409 and the current variable (or an empty one). */
async function conflictOr(err: unknown, current: () => Promise<Variable | null>, path: string, namespace: string): Promise<ApiStatus> {
  if (!(err instanceof UserError) || err.code !== 'conflict') throw err
  const now = await current()
  return new ApiStatus(409, now ?? {Namespace: namespace, Path: path, CreateIndex: 0, ModifyIndex: 0, CreateTime: 0, ModifyTime: 0, Items: {}})
}

export const listVars: ReadHandler = read(TABLES, async (ctx, req) => {
  const lq = parseListQuery(req.query)
  const vars = await listVariables(ctx.store, lq.prefix, req.query.get('namespace') || 'default')
  return vars.map(metadataOf)
})

export const readVar: ReadHandler = read(TABLES, async (ctx, req) => {
  const v = await getVariable(ctx.store, pathOf(req), namespaceOf(req))
  if (!v) throw notFound('variable')
  return v
})

export const putVar: WriteHandler = write(async (ctx, req) => {
  const path = pathOf(req)
  const body = bodyObject(await req.body())
  const namespace = namespaceOf(req, body)
  const items = body.Items
  if (!items || typeof items !== 'object' || Array.isArray(items)) throw badRequest('variable Items must be an object of string values')
  for (const [k, v] of Object.entries(items)) if (typeof v !== 'string') throw badRequest(`variable item "${k}" must be a string`)
  const checkIndex = casOf(req)
  try {
    return await putVariable(ctx.store, path, items as Record<string, string>, {namespace, checkIndex, now: ctx.now})
  } catch (err) {
    return conflictOr(err, () => getVariable(ctx.store, path, namespace), path, namespace)
  }
})

export const deleteVar: WriteHandler = write(async (ctx, req) => {
  const path = pathOf(req)
  const namespace = namespaceOf(req)
  const checkIndex = casOf(req)
  try {
    await purgeVariable(ctx.store, path, {namespace, checkIndex})
  } catch (err) {
    return conflictOr(err, () => getVariable(ctx.store, path, namespace), path, namespace)
  }
  return new ApiStatus(204)
})
