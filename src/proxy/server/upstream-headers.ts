import type {IncomingMessage} from 'node:http'
import type {ForwardContext} from './route-actions.js'

// Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy; X-Forwarded-* from the client are
// replaced by ours (Traefik does the same for clients it does not trust), and undici refuses "expect".
const DROP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-server', 'x-real-ip',
])

export interface ForwardedInfo {
  clientIp: string
  /** The authority the request is for (absolute-form target's, else Host). */
  authority: string
  /** The target was absolute-form: the upstream gets `authority` as its Host. */
  absoluteForm: boolean
  /** Names the client's Connection header lists (never Host or framing headers). */
  hopByHop: ReadonlySet<string> | undefined
  proto: 'http' | 'https' | 'ws' | 'wss'
  port: string
  proxyName: string
  /** Set when the upstream must see its own host (passHostHeader=false). */
  hostOverride?: string
}

/** Flat [name, value, …] header list for the upstream request. */
export function buildUpstreamHeaders(req: IncomingMessage, info: ForwardedInfo, ctx: ForwardContext | undefined): string[] {
  const raw = req.rawHeaders
  const out: string[] = []
  const named = info.hopByHop
  const hostOverride = info.hostOverride ?? (info.absoluteForm ? info.authority : undefined)
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase()
    if (DROP.has(lower) || (named !== undefined && named.has(lower))) continue
    if (lower === 'host' && hostOverride !== undefined) continue
    if (ctx !== undefined && ctx.requestHeaders.has(lower)) continue
    out.push(raw[i], raw[i + 1])
  }
  if (hostOverride !== undefined) out.push('host', hostOverride)
  if (ctx !== undefined) for (const [name, value] of ctx.requestHeaders.values()) if (value !== null) out.push(name, value)
  out.push(
    'x-forwarded-for', info.clientIp,
    'x-forwarded-proto', info.proto,
    'x-forwarded-host', info.authority,
    'x-forwarded-port', info.port,
    'x-forwarded-server', info.proxyName,
    'x-real-ip', info.clientIp,
  )
  return out
}

export function clientIpOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? ''
  return a.startsWith('::ffff:') ? a.slice(7) : a
}

const RESPONSE_DROP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'trailer', 'upgrade'])

/** Upstream raw response headers → a flat list for writeHead, minus hop-by-hop ones. */
export function buildResponseHeaders(raw: Buffer[], ctx: ForwardContext | undefined): string[] {
  const out: string[] = []
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toString('latin1')
    const lower = name.toLowerCase()
    if (RESPONSE_DROP.has(lower) || (ctx !== undefined && ctx.responseHeaders.has(lower))) continue
    out.push(name, raw[i + 1].toString('latin1'))
  }
  if (ctx !== undefined) for (const [name, value] of ctx.responseHeaders.values()) if (value !== null) out.push(name, value)
  return out
}
