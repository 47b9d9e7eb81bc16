import http, {type IncomingMessage, type ServerResponse} from 'node:http'
import {timingSafeEqual} from 'node:crypto'
import {parseBlocking, withJitter} from './query.js'
import {toHttpError} from './http-errors.js'
import {applyFilter, requestFilter} from './filter/index.js'
import {matchRoute, type Route} from './router.js'
import {ApiError, ApiStatus, type ApiContext, type ApiRequest, type Handler} from './types.js'

const MAX_BODY = 16 * 1024 * 1024
const ALL_TABLES = ['jobs', 'job-versions', 'evals', 'allocs', 'alloc-status', 'nodes', 'node-status', 'node-drain', 'services', 'deployments', 'deployment-requests', 'alloc-requests', 'variables']

export interface ApiServerOptions {
  /** With a token set, every request must carry it in X-Nomad-Token (or Authorization: Bearer). */
  token?: string
  random?: () => number
}

function tokenOk(want: string | undefined, req: IncomingMessage): boolean {
  if (!want) return true
  const auth = req.headers.authorization
  const given = (req.headers['x-nomad-token'] as string | undefined) ?? (auth?.startsWith('Bearer ') ? auth.slice(7) : '')
  const a = Buffer.from(given)
  const b = Buffer.from(want)
  return a.length === b.length && timingSafeEqual(a, b)
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) reject(new ApiError(413, 'Request body too large')), req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      if (text.trim() === '') return resolve(null)
      try {
        resolve(JSON.parse(text))
      } catch (err) {
        reject(new ApiError(400, `Failed to parse JSON input: ${(err as Error).message}`))
      }
    })
    req.on('error', reject)
  })
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end()
  res.writeHead(status, {'content-type': 'text/plain; charset=utf-8'})
  res.end(text)
}

function sendJson(res: ServerResponse, body: unknown, headers: Record<string, string>, pretty: boolean, status = 200): void {
  const text = JSON.stringify(body ?? null, null, pretty ? 4 : undefined)
  res.writeHead(status, {'content-type': 'application/json', ...headers})
  res.end(text)
}

/** Nomad's HTTP API over the store: one handler per route, index headers, blocking reads. */
export function createApiServer(ctx: ApiContext, routes: readonly Route<Handler>[], opts: ApiServerOptions = {}): http.Server {
  return http.createServer(apiRequestListener(ctx, routes, opts))
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** The request listener of createApiServer, for a server bound before its context exists. */
export function apiRequestListener(ctx: ApiContext, routes: readonly Route<Handler>[], opts: ApiServerOptions = {}): RequestListener {
  const random = opts.random ?? Math.random
  let leaderCache: {at: number; name: string | undefined} | null = null
  const knownLeader = async () => {
    const at = ctx.tables.index(['election'])
    if (leaderCache?.at !== at) leaderCache = {at, name: await ctx.leader().catch(() => undefined)}
    return leaderCache.name !== undefined
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://api')
    if (!tokenOk(opts.token, req)) return sendText(res, 403, 'Permission denied')
    const m = matchRoute(routes, req.method ?? 'GET', url.pathname)
    if (m.kind === 'none') return sendText(res, 404, '404 page not found')
    if (m.kind === 'method') return sendText(res, 405, 'Invalid method')
    const abort = new AbortController()
    res.on('close', () => abort.abort())
    const areq: ApiRequest = {method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, params: m.params, body: () => readBody(req), signal: abort.signal}
    const h = m.route.handler
    const pretty = url.searchParams.has('pretty')
    if (h.kind === 'stream') return h.stream(ctx, areq, res, req)
    if (h.kind === 'write') {
      const body = await h.write(ctx, areq)
      const headers = {'x-nomad-index': String(ctx.tables.index(ALL_TABLES))}
      if (!(body instanceof ApiStatus)) return sendJson(res, body, headers, pretty)
      if (body.body === undefined) return void res.writeHead(body.status, headers).end()
      return sendJson(res, body.body, headers, pretty, body.status)
    }
    // ?filter= (go-bexpr) is read before blocking: a bad expression is a 400 at once
    const keep = requestFilter(url.searchParams)
    const blocking = parseBlocking(url.searchParams)
    if (blocking) await ctx.tables.waitBeyond(h.tables, blocking.index, withJitter(blocking.waitMs, random()), abort.signal)
    if (abort.signal.aborted) return
    const index = ctx.tables.index(h.tables)
    const read = await h.read(ctx, areq)
    // applied to the response objects after the other query params, as Nomad does
    const body = keep && Array.isArray(read) ? applyFilter(read, keep) : read
    const headers = {'x-nomad-index': String(Math.max(index, newestIndexIn(read))), 'x-nomad-knownleader': String(await knownLeader()), 'x-nomad-lastcontact': '0'}
    sendJson(res, body, headers, pretty)
  }
  return (req, res) => {
    handle(req, res).catch((err) => {
      const e = toHttpError(err)
      sendText(res, e.status, e.message)
    })
  }
}

/**
 * The newest ModifyIndex among what a read returns: a read goes to etcd itself while the table
 * index follows a watch that may not have delivered the latest write yet, and the header must
 * never be older than the data beside it.
 */
function newestIndexIn(body: unknown): number {
  const of = (v: unknown) => (typeof v === 'object' && v !== null && typeof (v as {ModifyIndex?: unknown}).ModifyIndex === 'number' ? (v as {ModifyIndex: number}).ModifyIndex : 0)
  if (Array.isArray(body)) return body.reduce((m: number, v) => Math.max(m, of(v)), 0)
  return of(body)
}
