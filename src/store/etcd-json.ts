// Pure: etcd v3's JSON gateway encoding (the grpc-gateway's protobuf JSON). Bytes fields travel
// as base64, int64 fields as decimal strings, enums as their upper-case names, and fields at
// their zero value are left out of responses (a PUT event has no `type`, revision 0 no field).

export type Bytes = string | Buffer

export const b64 = (b: Bytes): string => Buffer.from(b).toString('base64')
export const unb64 = (s: string | undefined): Buffer => (s ? Buffer.from(s, 'base64') : Buffer.alloc(0))
export const unb64Text = (s: string | undefined): string => unb64(s).toString()
/** int64 as JSON: a decimal string (missing = 0). Numbers above 2^53 are not used by etcd's revisions here. */
export const int64 = (s: string | number | undefined): number => (s === undefined || s === '' ? 0 : Number(s))
export const str64 = (n: number | string | bigint): string => String(n)

/** The end of the key range that `prefix` covers (etcd's "prefix + 1" rule); `\0` for "every key". */
export function prefixEnd(prefix: Bytes): Buffer {
  const b = Buffer.from(prefix)
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      b[i]!++
      return b.subarray(0, i + 1)
    }
  }
  return Buffer.from([0])
}

export interface JsonKv {
  key?: string
  value?: string
  create_revision?: string
  mod_revision?: string
  version?: string
  lease?: string
}

export interface Kv {
  key: string
  value: string
  createRevision: number
  modRevision: number
  version: number
  lease: string // '0' when the key has none
}

export function decodeKv(j: JsonKv): Kv {
  return {
    key: unb64Text(j.key),
    value: unb64Text(j.value),
    createRevision: int64(j.create_revision),
    modRevision: int64(j.mod_revision),
    version: int64(j.version),
    lease: j.lease ?? '0',
  }
}

export interface ResponseHeader {
  cluster_id?: string
  member_id?: string
  revision?: string
  raft_term?: string
}

export interface RangeResponse {
  header?: ResponseHeader
  kvs?: JsonKv[]
  count?: string
}

// ---- transactions: the shape callers build (close to etcd's protobuf names) and its JSON ----

export type CompareTarget = 'Version' | 'Create' | 'Mod' | 'Value' | 'Lease'
export type CompareResult = 'Equal' | 'Greater' | 'Less' | 'NotEqual'

export interface Compare {
  key: Bytes
  range_end?: Bytes
  target: CompareTarget
  result: CompareResult
  version?: number | string
  create_revision?: number | string
  mod_revision?: number | string
  value?: Bytes
  lease?: number | string
}

export type RequestOp =
  | {request_put: {key: Bytes; value: Bytes; lease?: string}}
  | {request_delete_range: {key: Bytes; range_end?: Bytes}}
  | {request_range: {key: Bytes; range_end?: Bytes}}

export interface TxnRequest {
  compare: Compare[]
  success?: RequestOp[]
  failure?: RequestOp[]
}

const TARGET: Record<CompareTarget, string> = {Version: 'VERSION', Create: 'CREATE', Mod: 'MOD', Value: 'VALUE', Lease: 'LEASE'}
const RESULT: Record<CompareResult, string> = {Equal: 'EQUAL', Greater: 'GREATER', Less: 'LESS', NotEqual: 'NOT_EQUAL'}

function encodeCompare(c: Compare): Record<string, unknown> {
  const out: Record<string, unknown> = {key: b64(c.key), target: TARGET[c.target], result: RESULT[c.result]}
  if (c.range_end !== undefined) out.range_end = b64(c.range_end)
  switch (c.target) {
    case 'Version':
      out.version = str64(c.version ?? 0)
      break
    case 'Create':
      out.create_revision = str64(c.create_revision ?? 0)
      break
    case 'Mod':
      out.mod_revision = str64(c.mod_revision ?? 0)
      break
    case 'Value':
      out.value = b64(c.value ?? '')
      break
    case 'Lease':
      out.lease = str64(c.lease ?? 0)
      break
  }
  return out
}

export function encodeOp(op: RequestOp): Record<string, unknown> {
  if ('request_put' in op) {
    const p = op.request_put
    return {request_put: {key: b64(p.key), value: b64(p.value), ...(p.lease && p.lease !== '0' ? {lease: p.lease} : {})}}
  }
  if ('request_delete_range' in op) {
    const d = op.request_delete_range
    return {request_delete_range: {key: b64(d.key), ...(d.range_end !== undefined ? {range_end: b64(d.range_end)} : {})}}
  }
  const r = op.request_range
  return {request_range: {key: b64(r.key), ...(r.range_end !== undefined ? {range_end: b64(r.range_end)} : {})}}
}

export function encodeTxn(t: TxnRequest): Record<string, unknown> {
  return {compare: t.compare.map(encodeCompare), success: (t.success ?? []).map(encodeOp), failure: (t.failure ?? []).map(encodeOp)}
}

export interface TxnResponse {
  header?: ResponseHeader
  succeeded?: boolean
  responses?: {response_range?: RangeResponse; response_put?: {header?: ResponseHeader}; response_delete_range?: {deleted?: string}}[]
}

// ---- watch stream ----

export interface JsonWatchResponse {
  header?: ResponseHeader
  watch_id?: string
  created?: boolean
  canceled?: boolean
  compact_revision?: string
  cancel_reason?: string
  events?: {type?: 'PUT' | 'DELETE'; kv?: JsonKv; prev_kv?: JsonKv}[]
}

/** One line of a streamed gateway response: `{"result": …}` or `{"error": {…}}`. */
export interface StreamLine<T> {
  result?: T
  error?: GatewayError
}

/** Splits a byte stream into complete newline-terminated lines; a line cut across chunks is kept until its end arrives. */
export class LineSplitter {
  private rest = ''

  push(chunk: string): string[] {
    const text = this.rest + chunk
    const parts = text.split('\n')
    this.rest = parts.pop()!
    return parts.filter((l) => l.trim() !== '')
  }

  /** What is left when the stream ends (a last line without its newline). */
  end(): string[] {
    const last = this.rest
    this.rest = ''
    return last.trim() ? [last] : []
  }
}

// ---- errors ----

export interface GatewayError {
  error?: string
  message?: string
  code?: number
  http_code?: number
}

/** gRPC status codes etcd answers with that mean "this member cannot serve it now": try another. */
const RETRYABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */])

/** An error etcd answered with (the request reached a member). */
export class EtcdError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly httpStatus: number,
  ) {
    super(message)
    this.name = 'EtcdError'
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code) || this.httpStatus === 503
  }

  get authExpired(): boolean {
    return this.code === 16 || /invalid auth token/i.test(this.message)
  }
}

export function errorFromBody(status: number, body: string): EtcdError {
  let parsed: GatewayError | undefined
  try {
    const j = JSON.parse(body) as GatewayError & {error?: unknown}
    parsed = typeof j.error === 'object' && j.error !== null ? (j.error as GatewayError) : j
  } catch {
    parsed = undefined
  }
  const msg = parsed?.message || parsed?.error || body.trim() || `HTTP ${status}`
  return new EtcdError(msg, parsed?.code ?? (status === 503 ? 14 : 2), status)
}
