import {UserError} from '../lib/errors.js'

// etcd/gRPC errors are converted here, once, into errors that say what was attempted.
export class KvUnavailableError extends UserError {
  constructor(what: string, timeoutMs: number, cause: unknown) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    super(`The KV quorum did not answer while trying to ${what} (within ${timeoutMs} ms): ${detail}.`, {
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
