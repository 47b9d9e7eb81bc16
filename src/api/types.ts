import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Store} from '../store/store.js'
import type {TableIndex} from './table-index.js'

/** What every handler may use: the store, the table indexes, who this server is. */
export interface ApiContext {
  store: Store
  tables: TableIndex
  name: string // this server
  httpAddr: string // host:port this API listens on
  isLeader(): boolean
  leader(): Promise<string | undefined>
  now(): number
  newId(): string
  region: string
  datacenter: string
  /** `.zdev/<cluster>` of the platform: node agents keep alloc logs below it. */
  stateDir?: string
}

export interface ApiRequest {
  method: string
  path: string
  query: URLSearchParams
  params: Record<string, string>
  body(): Promise<unknown>
  signal: AbortSignal
}

export type Tables = readonly string[]

/** A read: answers with Nomad's index headers and supports blocking queries on its tables. */
export interface ReadHandler {
  kind: 'read'
  tables: Tables
  read(ctx: ApiContext, req: ApiRequest): Promise<unknown>
}

/** A write: changes the cluster through the store's transactions. */
export interface WriteHandler {
  kind: 'write'
  write(ctx: ApiContext, req: ApiRequest): Promise<unknown>
}

/** A long response written by the handler itself (logs, the event stream). */
export interface StreamHandler {
  kind: 'stream'
  stream(ctx: ApiContext, req: ApiRequest, res: ServerResponse, raw: IncomingMessage): Promise<void>
}

export type Handler = ReadHandler | WriteHandler | StreamHandler

export const read = (tables: Tables, fn: ReadHandler['read']): ReadHandler => ({kind: 'read', tables, read: fn})
export const write = (fn: WriteHandler['write']): WriteHandler => ({kind: 'write', write: fn})

/** An error with Nomad's status code; the body is its message as text, as Nomad answers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** A write's answer with another status than 200: a JSON body (409 conflicts) or none (204). */
export class ApiStatus {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export const notFound = (what: string): ApiError => new ApiError(404, `${what} not found`)
export const badRequest = (msg: string): ApiError => new ApiError(400, msg)
