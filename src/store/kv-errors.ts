import {UserError} from '../lib/errors.js'

// etcd/gRPC errors are converted here, once, into errors that say what was attempted.
export class KvUnavailableError extends UserError {
  constructor(what: string, timeoutMs: number, cause: unknown) {
    super(`The KV quorum did not answer while trying to ${what} (within ${timeoutMs} ms): ${describeKvCause(cause)}.`, {
      code: 'kv_unavailable',
      hint: 'check the quorum with `zdev status`; with a majority of etcd members down, writes cannot succeed until they are started again (`zdev kv start <member>`).',
      cause,
    })
    this.name = 'KvUnavailableError'
  }
}

export async function withKvError<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof UserError) throw err
    throw new KvUnavailableError(what, timeoutMs, err)
  }
}

/**
 * Pure: a gRPC/etcd failure in words ("connection refused by 127.0.0.1:2379"), without gRPC's
 * status codes and resolver notes ("14 UNAVAILABLE: … Resolution note: .").
 */
export function describeKvCause(cause: unknown): string {
  const raw = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!
  const refused = /ECONNREFUSED (\d+\.\d+\.\d+\.\d+:\d+|\[[^\]]+\]:\d+)/.exec(raw)
  if (refused) return `no etcd member answered (connection refused by ${refused[1]})`
  if (/DEADLINE_EXCEEDED|deadline exceeded|timed? ?out/i.test(raw)) return 'no answer before the deadline'
  if (/ECONNRESET|connection reset/i.test(raw)) return 'the connection to etcd was reset'
  if (/UNAVAILABLE|No connection established/i.test(raw)) return 'no etcd member is reachable'
  const text = raw
    .replace(/^\d+ [A-Z_]+: /, '')
    .replace(/\s*Resolution note:.*$/, '')
    .replace(/\s*Last error: (Error: )?/, ': ')
    .replace(/[.\s]+$/, '')
  return text || 'etcd did not answer'
}
