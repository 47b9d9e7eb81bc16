// One retry policy for both lanes. A request is tried again only when it is idempotent (RFC 9110
// §9.2.2), carries no body (a streamed body cannot be replayed), and no upstream answered it: the
// connect failed (nothing was sent), a reused keep-alive socket turned out closed (RFC 9112 §9.3.1),
// or the upstream closed the connection before the first byte of a response. This is nginx's
// proxy_next_upstream "error" with non_idempotent off, without its retry of non-idempotent
// requests whose connect failed. Once any response byte arrived, nothing is retried.

const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'])

/** At most this many attempts for one request, over all upstreams. */
export const MAX_ATTEMPTS = 4

export type AttemptFailure =
  /** The TCP connect failed: nothing was sent. The upstream is taken out of rotation briefly. */
  | 'connect-failed'
  /** A reused idle socket closed (or reset) before a response byte. */
  | 'stale-socket'
  /** A fresh connection ended before any response byte: the upstream did not serve it. */
  | 'unanswered'
  /** Part of a response arrived, or the failure is not a connection's end: never retried. */
  | 'partial-response'

export type RetryVerdict = 'same-upstream' | 'next-upstream' | 'give-up'

export function retryVerdict(method: string, hasBody: boolean, failure: AttemptFailure, attempts: number): RetryVerdict {
  if (failure === 'partial-response' || hasBody || !IDEMPOTENT.has(method) || attempts >= MAX_ATTEMPTS) return 'give-up'
  return failure === 'stale-socket' ? 'same-upstream' : 'next-upstream'
}

/** Connect-stage error codes (node and undici): the request was never sent. */
const CONNECT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT'])

export function isConnectFailure(err: Error): boolean {
  return CONNECT_CODES.has((err as {code?: string}).code ?? '')
}

/** undici's and node's "the connection ended" codes; before onHeaders they mean no response byte came. */
const ENDED_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'])

export function isUnanswered(err: Error): boolean {
  return ENDED_CODES.has((err as {code?: string}).code ?? '')
}
