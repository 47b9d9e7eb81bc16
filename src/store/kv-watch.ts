import {b64, decodeKv, int64, type JsonWatchResponse, type Kv, type StreamLine} from './etcd-json.js'
import {EtcdError} from './etcd-json.js'
import type {EtcdTransport, StreamHandle} from './etcd-http.js'

export interface KvEvent {
  type: 'put' | 'delete'
  kv: Kv // on delete: key and mod revision (the deletion's) only
}

export interface WatchOptions {
  key: string
  rangeEnd?: Buffer
  /** First revision to deliver (inclusive); without it, changes after the watch is created. */
  startRevision?: number
  onEvents: (events: KvEvent[], revision: number) => void
  /** The history the watch needed was compacted: it goes on from the oldest revision etcd keeps. */
  onCompacted?: (compactRevision: number) => void
}

export interface KvWatch {
  cancel(): Promise<void>
  /** The member the watch's stream is open on now (null while it reconnects). */
  endpoint(): string | null
}

const MIN_BACKOFF = 100
const MAX_BACKOFF = 1000

/**
 * One watch, kept alive across members: each attempt is one streamed POST /v3/watch; when the
 * stream ends (member killed, stopped answering, no leader) it is opened again on another
 * member from the revision after the last one delivered, so no event is missed or repeated.
 * Resolves once the first stream is created; rejects only when etcd refuses the watch itself
 * (permission denied), not while members are down.
 */
export function openWatch(t: EtcdTransport, o: WatchOptions): Promise<KvWatch> {
  let next = o.startRevision ?? 0 // 0 = "from now": fixed to a revision once created
  let handle: StreamHandle | null = null
  let cancelled = false
  let backoff = MIN_BACKOFF
  let timer: NodeJS.Timeout | null = null
  let created = false
  let settle: {resolve: (w: KvWatch) => void; reject: (e: Error) => void} | null = null

  const watch: KvWatch = {
    async cancel() {
      cancelled = true
      if (timer) clearTimeout(timer)
      handle?.close()
      handle = null
    },
    endpoint: () => handle?.endpoint ?? null,
  }

  const fail = (err: Error) => {
    if (err instanceof EtcdError && err.authExpired) t.dropToken()
    if (!created && settle && err instanceof EtcdError && !err.retryable && !err.authExpired) {
      cancelled = true
      settle.reject(err)
      settle = null
      return true
    }
    return false
  }

  const retry = () => {
    if (cancelled || t.isClosed) return // the client was closed under the watch: nothing to resume
    timer = setTimeout(() => {
      timer = null
      void connect()
    }, backoff)
    backoff = Math.min(backoff * 2, MAX_BACKOFF)
  }

  const onLine = (line: string) => {
    if (cancelled) return
    let msg: StreamLine<JsonWatchResponse>
    try {
      msg = JSON.parse(line) as StreamLine<JsonWatchResponse>
    } catch {
      return
    }
    if (msg.error) {
      fail(new EtcdError(msg.error.message ?? msg.error.error ?? 'watch failed', msg.error.code ?? 2, 200))
      handle?.close()
      return
    }
    const r = msg.result
    if (!r) return
    const rev = int64(r.header?.revision)
    if (r.canceled) {
      const compact = int64(r.compact_revision)
      if (compact > 0) {
        o.onCompacted?.(compact)
        next = compact
      } else {
        const reason = r.cancel_reason ?? 'the watch was cancelled by etcd'
        fail(new EtcdError(reason.replace(/^rpc error: code = \w+ desc = /, ''), /PermissionDenied/.test(reason) ? 7 : /InvalidArgument/.test(reason) ? 3 : 14, 200))
      }
      handle?.close()
      return
    }
    if (r.created) {
      if (next === 0) next = rev + 1
      backoff = MIN_BACKOFF
      if (!created) {
        created = true
        settle?.resolve(watch)
        settle = null
      }
    }
    const events = r.events ?? []
    if (events.length > 0) {
      const out: KvEvent[] = events.map((e) => ({type: e.type === 'DELETE' ? 'delete' : 'put', kv: decodeKv(e.kv ?? {})}))
      next = Math.max(next, out[out.length - 1]!.kv.modRevision + 1)
      o.onEvents(out, rev)
    } else if (!r.created && rev >= next) {
      next = rev + 1 // a progress notification: nothing up to `rev` is pending
    }
  }

  const connect = async () => {
    if (cancelled) return
    const req: Record<string, unknown> = {key: b64(o.key)}
    if (o.rangeEnd) req.range_end = b64(o.rangeEnd)
    if (next > 0) req.start_revision = String(next)
    let ended = false
    try {
      const h = await t.stream('/v3/watch', {create_request: req}, onLine, (err) => {
        ended = true
        handle = null
        if (err && fail(err)) return
        retry()
      })
      if (!ended) handle = h
      if (cancelled) h.close()
    } catch (err) {
      if (!fail(err as Error)) retry()
    }
  }

  return new Promise<KvWatch>((resolve, reject) => {
    settle = {resolve, reject}
    void connect()
  })
}
