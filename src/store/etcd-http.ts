import http from 'node:http'
import {EtcdError, errorFromBody, LineSplitter} from './etcd-json.js'

export interface KvAuth {
  username: string
  password: string
}

export interface TransportOptions {
  /** Deadline for each unary attempt (ms). Streams have none. */
  timeoutMs: number
  auth?: KvAuth
  /** Per-member breaker (3 failures in a row → skipped for 1 s) and one retry on another member. */
  failover: boolean
}

const BREAK_AFTER = 3
const HALF_OPEN_MS = 1000
// how long the member named leader is trusted before asking again (a stale answer only costs a forward)
const LEADER_TTL_MS = 30_000

// backoff while the quorum elects a leader (etcd's election timeout here is about a second)
const ELECTION_RETRY_FIRST_MS = 25
const ELECTION_RETRY_MAX_MS = 200
const IDEMPOTENT_ATTEMPT_MS = 1000
// requests that change nothing, or whose repetition is harmless: retried on any answer that says "not now"
const IDEMPOTENT_PATHS = new Set(['/v3/kv/range', '/v3/auth/authenticate', '/v3/lease/keepalive', '/v3/lease/timetolive', '/v3/lease/leases', '/v3/maintenance/status', '/v3/cluster/member/list'])
// etcd's answers that say a request was refused before it was proposed to raft (so it was not applied)
const NOT_APPLIED = /no leader|leader changed|too many requests|not capable/i

/**
 * Whether a retryable answer may be retried: reads always; writes only when etcd said it refused
 * the request before proposing it ("request timed out" may still be applied later).
 */
export function retrySafe(path: string, err: EtcdError): boolean {
  return err.retryable && (IDEMPOTENT_PATHS.has(path) || NOT_APPLIED.test(err.message))
}

interface Member {
  url: URL
  failures: number
  openUntil: number
}

/** A failure of the connection or of the member itself (not an answer etcd gave about the request). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    options?: {cause?: unknown},
  ) {
    super(message, options)
    this.name = 'TransportError'
  }
}

export interface StreamHandle {
  readonly endpoint: string
  close(): void
}

/**
 * HTTP/1.1 to etcd's JSON gateway on loopback, one keep-alive pool per client. Unary calls are
 * bounded, go to the member that answered last, and move on to another when one fails; each
 * member has a small breaker so a dead one costs no waiting for a second. The auth token is
 * fetched on first use and again when etcd says it expired.
 */
export class EtcdTransport {
  private readonly members: Member[]
  private current: number
  private readonly agent = new http.Agent({keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 32, maxFreeSockets: 4})
  private token: string | null = null
  private authenticating: Promise<string> | null = null
  private readonly streams = new Set<{endpoint: string; close: () => void; onMemberDown: () => void}>()
  private closed = false
  private leader: {member: Member; at: number} | null = null
  private findingLeader: Promise<void> | null = null

  constructor(
    endpoints: string[],
    readonly opts: TransportOptions,
  ) {
    if (endpoints.length === 0) throw new Error('no etcd endpoints given')
    this.members = endpoints.map((e) => ({url: new URL(e), failures: 0, openUntil: 0}))
    // spread processes over the members instead of all starting on the first one
    this.current = process.pid % this.members.length
  }

  get isClosed(): boolean {
    return this.closed
  }

  get endpoints(): string[] {
    return this.members.map((m) => m.url.origin)
  }

  /** POST one request; the parsed JSON answer. `timeoutMs` overrides the per-attempt deadline. */
  async call<T>(path: string, body: unknown, o: {timeoutMs?: number; anonymous?: boolean; preferLeader?: boolean} = {}): Promise<T> {
    if (this.closed) throw new TransportError('the KV client is closed', '')
    const timeout = o.timeoutMs ?? this.opts.timeoutMs
    const payload = JSON.stringify(body)
    const tried = new Set<Member>()
    const deadline = Date.now() + timeout
    let attempts = 0
    let pause = ELECTION_RETRY_FIRST_MS
    const repeatable = IDEMPOTENT_PATHS.has(path)
    const backOff = async () => {
      await new Promise((r) => setTimeout(r, pause))
      pause = Math.min(pause * 2, ELECTION_RETRY_MAX_MS)
      tried.clear()
    }
    let lastErr: unknown
    for (;;) {
      // lease renewals go to the leader when it is known: a follower would forward each one to it
      const m = (attempts === 0 && o.preferLeader ? this.leaderHint() : undefined) ?? this.pick(tried)
      if (!m) break
      tried.add(m)
      attempts++
      // a read is asked again elsewhere if one member holds it (a read index lost with a dead leader)
      const left = Math.max(1, Math.min(deadline - Date.now(), repeatable ? Math.max(IDEMPOTENT_ATTEMPT_MS, timeout / 2) : Infinity))
      try {
        const token = this.opts.auth && !o.anonymous ? await this.authToken(m, left) : null
        try {
          return this.succeeded(m, (await this.post(m, path, payload, left, token)) as T)
        } catch (err) {
          if (!(err instanceof EtcdError && err.authExpired && token)) throw err
          // simple tokens expire after etcd's --auth-token-ttl of no use: fetch a new one once
          this.dropToken(token)
          return this.succeeded(m, (await this.post(m, path, payload, left, await this.authToken(m, left))) as T)
        }
      } catch (err) {
        lastErr = err
        if (err instanceof EtcdError && !err.retryable) {
          this.succeeded(m, null) // the member answered: it is alive
          throw err
        }
        // The member is alive but the quorum is electing a leader (or is busy) and the request was
        // not carried out: wait a little and ask again while the caller's deadline allows.
        if (err instanceof EtcdError && this.opts.failover && retrySafe(path, err) && Date.now() + pause < deadline) {
          this.succeeded(m, null)
          await backOff()
          attempts = 1
          if (this.closed) break
          continue
        }
        this.failed(m)
        const refused = err instanceof TransportError && /ECONNREFUSED/.test(err.message)
        // a refused connection costs nothing: try every member; otherwise one retry elsewhere
        if (!this.opts.failover || (!refused && attempts >= 2 && !(repeatable && Date.now() + pause < deadline))) break
        if (repeatable && !refused && tried.size === this.members.length) await backOff()
      }
    }
    throw lastErr ?? new TransportError(`no etcd member is reachable (${this.endpoints.join(', ')}: each failed just now)`, this.endpoints.join(','))
  }

  /**
   * Open a streamed request (a watch) on a live member; `onLine` gets each JSON line, `onEnd`
   * once when the stream ends for any reason (the member died, etcd closed it, close()).
   */
  async stream(path: string, body: unknown, onLine: (line: string) => void, onEnd: (err: Error | null) => void): Promise<StreamHandle> {
    if (this.closed) throw new TransportError('the KV client is closed', '')
    const m = this.pick(new Set())
    if (!m) throw new TransportError(`no etcd member is reachable (${this.endpoints.join(', ')})`, this.endpoints.join(','))
    const token = this.opts.auth ? await this.authToken(m, this.opts.timeoutMs) : null
    const endpoint = m.url.origin
    let ended = false
    const payload = JSON.stringify(body)
    const req = http.request({
      host: m.url.hostname,
      port: m.url.port,
      method: 'POST',
      path,
      agent: false, // a watch holds its connection for as long as it lives
      // hasleader: a member cut off from the quorum cancels the watch instead of keeping it silent
      headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'grpc-metadata-hasleader': 'true', ...(token ? {authorization: token} : {})},
    })
    let closedByUs = false
    const entry = {
      endpoint,
      close: () => {
        closedByUs = true
        req.destroy()
      },
      // a member that stopped answering unary calls (SIGSTOP, partition) holds watches silently
      onMemberDown: () => req.destroy(new TransportError(`member ${endpoint} stopped answering`, endpoint)),
    }
    const finish = (err: Error | null) => {
      if (ended) return
      ended = true
      this.streams.delete(entry)
      // a watch never ends by itself: the member went away (or etcd refused it): prefer another next time
      if (!closedByUs && !(err instanceof EtcdError && !err.retryable)) this.failed(m)
      onEnd(err)
    }
    this.streams.add(entry)
    req.on('error', (err) => finish(err instanceof TransportError ? err : new TransportError(`${err.message} (${endpoint})`, endpoint, {cause: err})))
    req.on('close', () => finish(null))
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => {
          const err = errorFromBody(res.statusCode ?? 0, text)
          finish(err)
          req.destroy()
        })
        return
      }
      this.succeeded(m, null)
      const lines = new LineSplitter()
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        for (const l of lines.push(c)) onLine(l)
      })
      res.on('end', () => {
        for (const l of lines.end()) onLine(l)
        finish(null)
      })
      res.on('error', (err) => finish(new TransportError(`${err.message} (${endpoint})`, endpoint, {cause: err})))
    })
    req.end(payload)
    return {endpoint, close: entry.close}
  }

  /** Where a long-lived gRPC stream goes (the leader when known, else a live member), with the auth token and a way to report that member broken. */
  async streamTarget(timeoutMs: number): Promise<{endpoint: string; token: string | null; failed: () => void; offLeader: () => boolean}> {
    if (this.closed) throw new TransportError('the KV client is closed', '')
    const m = this.leaderHint() ?? this.pick(new Set())
    if (!m) throw new TransportError(`no etcd member is reachable (${this.endpoints.join(', ')})`, this.endpoints.join(','))
    const token = this.opts.auth ? await this.authToken(m, timeoutMs) : null
    return {endpoint: m.url.origin, token, failed: () => this.failed(m), offLeader: () => (this.leaderHint() ?? m) !== m}
  }

  close(): void {
    this.closed = true
    for (const s of [...this.streams]) s.close()
    this.agent.destroy()
  }

  // ---- members ----

  /** The member etcd names leader, when known and not broken; asks again every LEADER_TTL_MS in the background. */
  private leaderHint(): Member | undefined {
    const now = Date.now()
    if (this.members.length < 2) return undefined
    if ((!this.leader || now - this.leader.at > LEADER_TTL_MS) && !this.findingLeader) {
      this.findingLeader = this.locateLeader()
        .catch(() => undefined) // no hint: renewals go wherever calls go
        .finally(() => (this.findingLeader = null))
    }
    const m = this.leader?.member
    return m && m.openUntil <= now ? m : undefined
  }

  private async locateLeader(): Promise<void> {
    const st = await this.call<{leader?: string}>('/v3/maintenance/status', {})
    if (!st.leader) return
    const list = await this.call<{members?: {ID?: string; clientURLs?: string[]}[]}>('/v3/cluster/member/list', {})
    const urls = list.members?.find((x) => x.ID === st.leader)?.clientURLs ?? []
    const origins = new Set(urls.map((u) => new URL(u).origin))
    const m = this.members.find((x) => origins.has(x.url.origin))
    this.leader = m ? {member: m, at: Date.now()} : null
  }

  private pick(tried: Set<Member>): Member | undefined {
    const now = Date.now()
    const n = this.members.length
    let halfOpen: Member | undefined
    for (let i = 0; i < n; i++) {
      const m = this.members[(this.current + i) % n]!
      if (tried.has(m)) continue
      if (!this.opts.failover || m.openUntil <= now) return m
      halfOpen ??= m
    }
    // every untried member is open: a first attempt still tries one (its breaker half-opens by use)
    return tried.size === 0 ? halfOpen : undefined
  }

  private succeeded<T>(m: Member, v: T): T {
    m.failures = 0
    m.openUntil = 0
    this.current = this.members.indexOf(m)
    return v
  }

  private failed(m: Member): void {
    if (this.leader?.member === m) this.leader = null
    m.failures++
    if (m.failures >= BREAK_AFTER) m.openUntil = Date.now() + HALF_OPEN_MS
    const i = this.members.indexOf(m)
    if (this.current === i) this.current = (i + 1) % this.members.length
    if (this.members.length > 1) for (const s of [...this.streams]) if (s.endpoint === m.url.origin) s.onMemberDown()
  }

  // ---- auth ----

  private authToken(m: Member, timeoutMs: number): Promise<string> {
    if (this.token) return Promise.resolve(this.token)
    this.authenticating ??= (async () => {
      const a = this.opts.auth!
      const res = (await this.post(m, '/v3/auth/authenticate', JSON.stringify({name: a.username, password: a.password}), timeoutMs, null)) as {token?: string}
      if (!res.token) throw new EtcdError('etcd answered the authentication without a token (is auth enabled?)', 16, 200)
      this.token = res.token
      return res.token
    })().finally(() => (this.authenticating = null))
    return this.authenticating
  }

  /** The token etcd refused (expired): the next request authenticates again. */
  dropToken(t?: string): void {
    if (t === undefined) t = this.token ?? ''
    if (this.token === t) this.token = null
  }

  // ---- one HTTP exchange ----

  private post(m: Member, path: string, payload: string, timeoutMs: number, token: string | null, reused = false): Promise<unknown> {
    const endpoint = m.url.origin
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: m.url.hostname,
        port: m.url.port,
        method: 'POST',
        path,
        agent: this.agent,
        headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(token ? {authorization: token} : {})},
      })
      const timer = setTimeout(() => req.destroy(new TransportError(`deadline exceeded after ${timeoutMs} ms (${endpoint}${path})`, endpoint)), timeoutMs)
      req.on('error', (err) => {
        clearTimeout(timer)
        // a kept-alive socket the server closed just as we reused it: once more on a fresh one
        if (!reused && req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
          this.post(m, path, payload, timeoutMs, token, true).then(resolve, reject)
          return
        }
        reject(err instanceof TransportError ? err : new TransportError(`${err.message} (${endpoint})`, endpoint, {cause: err}))
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', () => undefined) // reported through req's 'error'
        res.on('end', () => {
          clearTimeout(timer)
          const text = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode !== 200) return reject(errorFromBody(res.statusCode ?? 0, text))
          try {
            // streamed endpoints (lease keep-alive) answer `{"result": …}` lines
            const first = text.trim().split('\n')[0] ?? ''
            const j = JSON.parse(first || '{}') as {result?: unknown; error?: unknown}
            if (j.error && typeof j.error === 'object') return reject(errorFromBody(200, first))
            resolve(j.result !== undefined && path.endsWith('/keepalive') ? j.result : j)
          } catch (err) {
            reject(new TransportError(`etcd answered ${path} with unreadable JSON: ${(err as Error).message}`, endpoint))
          }
        })
      })
      req.end(payload)
    })
  }
}
