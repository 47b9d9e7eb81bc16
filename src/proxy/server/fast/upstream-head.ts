import type {ForwardContext} from '../route-actions.js'
import type {RequestHead} from './scan-request-head.js'

// Hop-by-hop headers and client-sent X-Forwarded-* never reach the upstream (same policy as the node:http lane).
const DROP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-server', 'x-real-ip',
])

/**
 * The request head sent upstream, as one latin1 string. The Host line is the request's authority
 * (replaced when the target was absolute-form, RFC 9112 §3.2.2) unless `hostOverride` names the
 * upstream's own; headers the client's Connection header lists are hop-by-hop and stay behind.
 */
export function buildUpstreamHead(head: RequestHead, target: string, fwd: ForwardedLines, ctx: ForwardContext | undefined, hostOverride: string | undefined): string {
  let out = `${head.method} ${target} HTTP/1.1\r\n`
  const {raw, lower, hopByHop} = head
  const host = hostOverride ?? (head.absoluteForm ? head.host : undefined)
  for (let i = 0; i < lower.length; i++) {
    const l = lower[i]
    if (DROP.has(l) || (host !== undefined && l === 'host') || (hopByHop !== undefined && hopByHop.has(l)) || (ctx !== undefined && ctx.requestHeaders.has(l))) continue
    out += `${raw[2 * i]}: ${raw[2 * i + 1]}\r\n`
  }
  if (host !== undefined) out += `host: ${host}\r\n`
  if (ctx !== undefined) for (const [name, value] of ctx.requestHeaders.values()) if (value !== null) out += `${name}: ${value}\r\n`
  return `${out}${fwd.before}${head.host}${fwd.after}`
}

/** The X-Forwarded-* lines around X-Forwarded-Host, the same for every request on a connection: made once. */
export interface ForwardedLines {
  before: string
  after: string
}

export function forwardedLines(clientIp: string, port: string, proxyName: string, proto: 'http' | 'https'): ForwardedLines {
  return {
    before: `x-forwarded-for: ${clientIp}\r\nx-forwarded-proto: ${proto}\r\nx-forwarded-host: `,
    after: `\r\nx-forwarded-port: ${port}\r\nx-forwarded-server: ${proxyName}\r\nx-real-ip: ${clientIp}\r\n\r\n`,
  }
}

/** Response headers set by middlewares, as CRLF-terminated lines. */
export function extraResponseLines(ctx: ForwardContext | undefined): string {
  if (ctx === undefined || ctx.responseHeaders.size === 0) return ''
  let out = ''
  for (const [name, value] of ctx.responseHeaders.values()) if (value !== null) out += `${name}: ${value}\r\n`
  return out
}
