import {parseDuration} from '../jobspec/duration.js'

// Query parameters every Nomad read takes (api-docs: "Blocking Queries", "Filtering"):
// ?index=N&wait=5s block until the index moves past N (wait defaults to 5 minutes, at most
// 10); ?prefix= ?namespace= ?region= narrow the result. Pure.

export const DEFAULT_WAIT_MS = 5 * 60_000
export const MAX_WAIT_MS = 10 * 60_000

export interface Blocking {
  index: number
  waitMs: number
}

export class QueryError extends Error {}

/** The blocking part of a query, or null when the request does not block (no index, or 0). */
export function parseBlocking(q: URLSearchParams): Blocking | null {
  const raw = q.get('index')
  if (raw === null || raw === '') return null
  if (!/^\d+$/.test(raw)) throw new QueryError(`Invalid index: ${JSON.stringify(raw)} is not an unsigned integer`)
  const index = Number(raw)
  if (index === 0) return null
  return {index, waitMs: parseWait(q.get('wait'))}
}

export function parseWait(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_WAIT_MS
  const ns = parseDuration(raw) // Go time.ParseDuration, as Nomad: "5" alone is an error
  if (ns === undefined || ns < 0) throw new QueryError(`Invalid wait time: ${JSON.stringify(raw)} (use a duration such as 10s or 5m)`)
  return Math.min(ns / 1e6, MAX_WAIT_MS)
}

/** Nomad adds up to wait/16 of jitter so that many waiters do not wake together. */
export function withJitter(waitMs: number, random: number): number {
  return waitMs + Math.floor((waitMs / 16) * random)
}

export interface ListQuery {
  prefix: string
  /** null = every namespace (`*`). */
  namespace: string | null
}

export function parseListQuery(q: URLSearchParams): ListQuery {
  const ns = q.get('namespace')
  return {prefix: q.get('prefix') ?? '', namespace: ns === '*' ? null : ns || 'default'}
}

export function inNamespace(lq: ListQuery, ns: string | undefined): boolean {
  return lq.namespace === null || (ns ?? 'default') === lq.namespace
}
