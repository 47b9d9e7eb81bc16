// What a request's header lines mean for framing and forwarding (RFC 9112 §6, §9.6; RFC 9110 §7.6.1).
// One meaning, refused when ambiguous: two Content-Lengths, Content-Length beside Transfer-Encoding,
// a coding other than chunked, two Hosts.
import {PROTECTED_HEADERS} from '../http-limits.js'

export interface HeadFacts {
  hostCount: number
  /** Body length from Content-Length; 0 when absent. */
  contentLength: number
  chunked: boolean
  /** The client asked to close after this exchange (or HTTP/1.0 without keep-alive). */
  close: boolean
  /** Lower-case names the Connection header lists besides close/keep-alive/upgrade: not forwarded. */
  hopByHop: ReadonlySet<string> | undefined
  /** Upgrade or Expect: node:http handles these. */
  special: boolean
}

export type HeadVerdict = HeadFacts | {status: number; reason: string}

/** With `into`, the facts are written there (a connection's reused head) instead of a new object. */
export function interpretHeaders(raw: readonly string[], lower: readonly string[], http10: boolean, into?: HeadFacts): HeadVerdict {
  let hostCount = 0
  let contentLength = -1
  let te: string | undefined
  let close = false
  let keepAlive = false
  let special = false
  let hopByHop: Set<string> | undefined
  for (let i = 0; i < lower.length; i++) {
    const name = lower[i]
    const value = raw[2 * i + 1]
    switch (name) {
      case 'host':
        if (++hostCount > 1) return {status: 400, reason: 'more than one Host header'}
        break
      case 'content-length':
        if (contentLength >= 0) return {status: 400, reason: 'more than one Content-Length header'}
        if (!/^\d{1,15}$/.test(value)) return {status: 400, reason: `invalid Content-Length ${JSON.stringify(value.slice(0, 32))}`}
        contentLength = Number(value)
        break
      case 'transfer-encoding':
        if (te !== undefined) return {status: 400, reason: 'more than one Transfer-Encoding header'}
        te = value.toLowerCase()
        break
      case 'connection':
        for (const part of value.split(',')) {
          const token = part.trim().toLowerCase()
          if (token === 'close') close = true
          else if (token === 'keep-alive') keepAlive = true
          else if (token !== '' && token !== 'upgrade' && !PROTECTED_HEADERS.has(token)) (hopByHop ??= new Set()).add(token)
        }
        break
      case 'upgrade':
      case 'expect':
        special = true
        break
    }
  }
  if (te !== undefined) {
    if (te !== 'chunked') return {status: 501, reason: `Transfer-Encoding ${JSON.stringify(te.slice(0, 32))} is not supported (only chunked)`}
    if (contentLength >= 0) return {status: 400, reason: 'both Content-Length and Transfer-Encoding are present'}
    if (http10) return {status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 request'}
  }
  const facts: HeadFacts = into ?? {hostCount: 0, contentLength: 0, chunked: false, close: false, hopByHop: undefined, special: false}
  facts.hostCount = hostCount
  facts.contentLength = Math.max(0, contentLength)
  facts.chunked = te !== undefined
  facts.close = close || (http10 && !keepAlive)
  facts.hopByHop = hopByHop
  facts.special = special
  return facts
}
