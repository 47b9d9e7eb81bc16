import type {ForwardContext} from '../route-actions.js'
import {copyRange, putLatin1} from './out-buffer.js'
import type {RequestHead} from './scan-request-head.js'

// Hop-by-hop headers and client-sent X-Forwarded-* never reach the upstream (same policy as the node:http lane).
const DROP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-server', 'x-real-ip',
])

/**
 * The request head sent upstream, copied into `out` from the received bytes (no strings made);
 * returns its length. `out` must hold `upstreamHeadBound(…)` bytes. The Host line is the request's
 * authority (replaced when the target was absolute-form, RFC 9112 §3.2.2) unless `hostOverride`
 * names the upstream's own; headers the client's Connection header lists are hop-by-hop and stay behind.
 */
export function writeUpstreamHead(out: Buffer, head: RequestHead, target: string, fwd: ForwardedLines, ctx: ForwardContext | undefined, hostOverride: string | undefined): number {
  const {lower, hopByHop, bytes, spans} = head
  let at = putLatin1(head.method, out, 0)
  out[at++] = 32
  at = putLatin1(target, out, at)
  at = putLatin1(' HTTP/1.1\r\n', out, at)
  const host = hostOverride ?? (head.absoluteForm ? head.host : undefined)
  for (let i = 0; i < lower.length; i++) {
    const l = lower[i]
    if (DROP.has(l) || (host !== undefined && l === 'host') || (hopByHop !== undefined && hopByHop.has(l)) || (ctx !== undefined && ctx.requestHeaders.has(l))) continue
    const k = 4 * i
    at = copyRange(bytes, spans[k], spans[k + 1], out, at)
    out[at++] = 58
    out[at++] = 32
    at = copyRange(bytes, spans[k + 2], spans[k + 3], out, at)
    out[at++] = 13
    out[at++] = 10
  }
  if (host !== undefined) at = putLatin1(`host: ${host}\r\n`, out, at)
  if (ctx !== undefined) for (const [name, value] of ctx.requestHeaders.values()) if (value !== null) at = putLatin1(`${name}: ${value}\r\n`, out, at)
  at = putLatin1(fwd.before, out, at)
  at = putLatin1(head.host, out, at)
  return putLatin1(fwd.after, out, at)
}

/** An upper bound of the bytes `writeUpstreamHead` writes for these arguments. */
export function upstreamHeadBound(head: RequestHead, target: string, fwd: ForwardedLines, ctx: ForwardContext | undefined, hostOverride: string | undefined): number {
  let n = head.method.length + target.length + 13 + fwd.before.length + fwd.after.length + head.host.length
  const spans = head.spans
  for (let k = 0; k < spans.length; k += 4) n += spans[k + 1] - spans[k] + spans[k + 3] - spans[k + 2] + 4
  n += 8 + (hostOverride ?? head.host).length
  if (ctx !== undefined) for (const [name, value] of ctx.requestHeaders.values()) if (value !== null) n += name.length + value.length + 4
  return n
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
