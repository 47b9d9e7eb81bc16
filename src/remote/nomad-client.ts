// A small client of Nomad's HTTP API for `zdev promote` and `zdev job diff`: a real Nomad or
// another zdev cluster. Address, token and TLS as the nomad CLI takes them (NOMAD_ADDR,
// NOMAD_TOKEN, NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY). The token is sent only in
// the X-Nomad-Token header and never appears in an error message.
import {readFileSync} from 'node:fs'
import {Agent, fetch} from 'undici'
import {UserError} from '../lib/errors.js'

export interface NomadTarget {
  addr: string
  token?: string
  namespace?: string
  region?: string
  caCert?: string // file paths
  clientCert?: string
  clientKey?: string
}

export class NomadHttpError extends UserError {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
    addr: string,
  ) {
    const hint = status === 403 ? 'check the token (--token or NOMAD_TOKEN) and its policy on the target.' : undefined
    super(`${what} on ${addr} failed: HTTP ${status}: ${body.trim().slice(0, 500) || '(no message)'}`, {code: status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'nomad_error', hint})
  }
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new UserError(`cannot read the ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, {code: 'file_not_found', file: path})
  }
}

export class NomadClient {
  private readonly dispatcher: Agent | undefined

  constructor(readonly target: NomadTarget, private readonly timeoutMs = 30_000) {
    if (!/^https?:\/\//.test(target.addr)) throw new UserError(`"${target.addr}" is not an http(s) URL; give the Nomad API address, e.g. --addr http://127.0.0.1:4646.`, {code: 'invalid_addr'})
    const tls = target.caCert || target.clientCert || target.clientKey
    this.dispatcher = tls
      ? new Agent({connect: {ca: target.caCert ? readPem(target.caCert, 'CA certificate') : undefined, cert: target.clientCert ? readPem(target.clientCert, 'client certificate') : undefined, key: target.clientKey ? readPem(target.clientKey, 'client key') : undefined}})
      : undefined
  }

  static fromEnv(env: Record<string, string | undefined>, over: Partial<NomadTarget> = {}): NomadClient {
    const addr = over.addr ?? env.NOMAD_ADDR
    if (!addr) throw new UserError('No Nomad address: give --addr URL, --to TARGET (from the platform file\'s targets), or set NOMAD_ADDR.', {code: 'no_addr'})
    return new NomadClient({
      addr: addr.replace(/\/+$/, ''),
      token: over.token ?? env.NOMAD_TOKEN ?? undefined,
      namespace: over.namespace ?? env.NOMAD_NAMESPACE ?? undefined,
      region: over.region ?? env.NOMAD_REGION ?? undefined,
      caCert: env.NOMAD_CACERT || undefined,
      clientCert: env.NOMAD_CLIENT_CERT || undefined,
      clientKey: env.NOMAD_CLIENT_KEY || undefined,
    })
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const q = new URLSearchParams(query)
    if (this.target.namespace) q.set('namespace', this.target.namespace)
    if (this.target.region) q.set('region', this.target.region)
    const s = q.toString()
    return `${this.target.addr}${path}${s ? `?${s}` : ''}`
  }

  /** One call; JSON in and out. 404 → null when `allow404`. */
  async request<T>(what: string, method: string, path: string, opts: {body?: unknown; query?: Record<string, string>; allow404?: boolean; timeoutMs?: number} = {}): Promise<{body: T; index: number} | null> {
    const headers: Record<string, string> = {}
    if (this.target.token) headers['X-Nomad-Token'] = this.target.token
    if (opts.body !== undefined) headers['content-type'] = 'application/json'
    let res
    try {
      res = await fetch(this.url(path, opts.query), {
        method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs),
      })
    } catch (err) {
      const cause = (err as {cause?: {code?: string; message?: string}}).cause
      throw new UserError(`${what} on ${this.target.addr} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}.`, {code: 'unreachable', hint: 'check the address (--addr / NOMAD_ADDR) and that the cluster is up.'})
    }
    const text = await res.text()
    if (res.status === 404 && opts.allow404) return null
    if (!res.ok) throw new NomadHttpError(res.status, text, what, this.target.addr)
    const index = Number(res.headers.get('x-nomad-index') ?? 0)
    try {
      return {body: JSON.parse(text) as T, index}
    } catch {
      throw new UserError(`${what} on ${this.target.addr}: the answer is not JSON (is this a Nomad API address?).`, {code: 'nomad_error'})
    }
  }

  close(): void {
    void this.dispatcher?.close()
  }
}
