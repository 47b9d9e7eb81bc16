// The upstream's response head, for the fast lane: hop-by-hop headers dropped, framing read.
// Refused (502) when its lines are not strictly CRLF-delimited or a value holds a control byte.
import {copyRange, putLatin1} from './out-buffer.js'

export interface ResponseHead {
  status: number
  /**
   * The head to send to the client, without hop-by-hop headers, as byte ranges of the received
   * head: [start, end, start, end, …] (status line after "HTTP/1.1", then runs of kept lines,
   * CRLFs included). Valid only while the received bytes are; `writeResponseHead` copies them out.
   */
  parts: number[]
  /** Lines added by middlewares, CRLF-terminated. */
  extra: string
  /** Bytes `writeResponseHead` writes without a close line. */
  length: number
  /** -1 when absent. */
  contentLength: number
  chunked: boolean
  keepAlive: boolean
  /** Upstream's Keep-Alive timeout hint in ms, or 0. */
  keepAliveMs: number
}

/**
 * Parse an upstream response head; `extra` lines (already CRLF-terminated) are appended. One pass
 * over the bytes: only names whose length fits a header we act on are lower-cased, and kept lines
 * are noted as runs of bytes (no strings made), in `parts` when lent (overwritten, cut to length);
 * with `into`, the head is written there (a connection's reused one) instead of a new object.
 */
export function parseResponseHead(buf: Buffer, end: number, dropLower: {has(lower: string): boolean; readonly size: number} | undefined, extra: string, parts: number[] = [], into?: ResponseHead): ResponseHead | undefined {
  if (!strictLines(buf, end)) return undefined
  const statusEnd = lineEnd(buf, 0, end)
  if (statusEnd < 12 || !startsWith(buf, HTTP_1) || buf[8] !== 32) return undefined
  const minor = buf[7]
  if (minor !== 48 && minor !== 49) return undefined
  const status = (buf[9] - 48) * 100 + (buf[10] - 48) * 10 + (buf[11] - 48)
  if (!(status >= 100 && status <= 999) || (statusEnd > 12 && buf[12] !== 32)) return undefined
  parts[0] = 8
  parts[1] = statusEnd + 2
  let np = 2
  let contentLength = -1
  let chunked = false
  let keepAlive = minor === 49
  let keepAliveMs = 0
  const anyDrop = dropLower !== undefined && dropLower.size > 0
  let runStart = statusEnd + 2 // start of the kept lines not yet copied
  let p = runStart
  while (p < end) {
    let colon = p
    while (colon < end && buf[colon] !== 58 && buf[colon] !== 13) colon++
    if (colon === p || buf[colon] !== 58) return undefined
    const le = lineEnd(buf, colon, end)
    if (buf[p] === 32 || buf[p] === 9 || buf[colon - 1] === 32 || buf[colon - 1] === 9) return undefined // obs-fold, space before ":"
    const len = colon - p
    let drop = false
    if (len === 14 && nameIs(buf, p, CONTENT_LENGTH)) {
      const v = digits(buf, colon + 1, le)
      if (v < 0 || (contentLength >= 0 && v !== contentLength)) return undefined
      contentLength = v
    } else if (len === 17 && nameIs(buf, p, TRANSFER_ENCODING)) {
      if (latin1(buf, colon + 1, le).trim().toLowerCase() !== 'chunked') return undefined
      chunked = true
    } else if (len === 10 && nameIs(buf, p, CONNECTION)) {
      if (includesLower(buf, colon + 1, le, CLOSE)) keepAlive = false
      else if (includesLower(buf, colon + 1, le, KEEP_ALIVE)) keepAlive = true
      drop = true
    } else if (len === 10 && nameIs(buf, p, KEEP_ALIVE)) {
      const t = buf.indexOf(TIMEOUT, colon + 1)
      if (t >= 0 && t + 8 <= le) keepAliveMs = digitsPrefix(buf, t + 8, le) * 1000
      drop = true
    } else if (len === 16 && nameIs(buf, p, PROXY_CONNECTION)) drop = true
    else if (anyDrop) drop = dropLower.has(latin1(buf, p, colon).toLowerCase())
    if (drop) {
      if (p > runStart) {
        parts[np++] = runStart
        parts[np++] = p
      }
      runStart = le + 2
    }
    p = le + 2
  }
  if (end > runStart) {
    parts[np++] = runStart
    parts[np++] = end + 2
  }
  if (parts.length !== np) parts.length = np
  if (chunked && contentLength >= 0) return undefined
  let length = STATUS_PREFIX.length + extra.length + 2
  for (let i = 0; i < parts.length; i += 2) length += parts[i + 1] - parts[i]
  if (into === undefined) return {status, parts, extra, length, contentLength, chunked, keepAlive, keepAliveMs}
  into.status = status
  into.parts = parts
  into.extra = extra
  into.length = length
  into.contentLength = contentLength
  into.chunked = chunked
  into.keepAlive = keepAlive
  into.keepAliveMs = keepAliveMs
  return into
}

const STATUS_PREFIX = Buffer.from('HTTP/1.1')
const CLOSE_LINE = 'connection: close\r\n'
/** Bytes a close line adds to a response head. */
export const CLOSE_LINE_LENGTH = CLOSE_LINE.length

/** Copy the response head out of `src` (the received bytes) into `out` at `at`; returns the offset after it. */
export function writeResponseHead(resp: ResponseHead, src: Buffer, out: Buffer, at: number, close: boolean): number {
  at = copyRange(STATUS_PREFIX, 0, STATUS_PREFIX.length, out, at)
  const parts = resp.parts
  for (let i = 0; i < parts.length; i += 2) at = copyRange(src, parts[i], parts[i + 1], out, at)
  if (resp.extra.length > 0) at = putLatin1(resp.extra, out, at)
  if (close) at = putLatin1(CLOSE_LINE, out, at)
  out[at++] = 13
  out[at++] = 10
  return at
}

/** The response head as text (for tests and messages). */
export function responseHeadText(resp: ResponseHead, src: Buffer, close = false): string {
  const out = Buffer.allocUnsafe(resp.length + (close ? CLOSE_LINE_LENGTH : 0))
  return out.toString('latin1', 0, writeResponseHead(resp, src, out, 0, close))
}

const CONTENT_LENGTH = Buffer.from('content-length')
const TRANSFER_ENCODING = Buffer.from('transfer-encoding')
const CONNECTION = Buffer.from('connection')
const KEEP_ALIVE = Buffer.from('keep-alive')
const PROXY_CONNECTION = Buffer.from('proxy-connection')
const CLOSE = Buffer.from('close')
const HTTP_1 = Buffer.from('HTTP/1.')

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false
  return true
}
const TIMEOUT = Buffer.from('timeout=')

/** `buf[from, to)` holds `lower` ignoring ASCII case. */
function includesLower(buf: Buffer, from: number, to: number, lower: Buffer): boolean {
  const last = to - lower.length
  for (let i = from; i <= last; i++) if ((buf[i] | 0x20) === lower[0] && nameIs(buf, i, lower)) return true
  return false
}

/** The field name at `p` equals `lower` ignoring ASCII case (the caller checked the length). */
function nameIs(buf: Buffer, p: number, lower: Buffer): boolean {
  for (let i = 0; i < lower.length; i++) if ((buf[p + i] | 0x20) !== lower[i]) return false
  return true
}

/** The value between `from` and `to`, optional whitespace around 1–15 digits, as a number; -1 otherwise. */
function digits(buf: Buffer, from: number, to: number): number {
  while (from < to && (buf[from] === 32 || buf[from] === 9)) from++
  while (to > from && (buf[to - 1] === 32 || buf[to - 1] === 9)) to--
  if (to === from || to - from > 15) return -1
  let n = 0
  for (let i = from; i < to; i++) {
    const d = buf[i] - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

/** Leading decimal digits of `buf[at, end)` (at most 9) as a number (0 when none). */
function digitsPrefix(buf: Buffer, at: number, end: number): number {
  let n = 0
  for (let i = at; i < end && i < at + 9; i++) {
    const d = buf[i] - 48
    if (d < 0 || d > 9) break
    n = n * 10 + d
  }
  return n
}

/** Index of the CR ending the line that holds `from`, or `end` (strictLines checked every CR has its LF). */
function lineEnd(buf: Buffer, from: number, end: number): number {
  let i = from
  while (i < end && buf[i] !== 13) i++
  return i
}

/** Every CR is followed by LF, every LF preceded by CR, and no NUL or other control byte but HTAB. */
function strictLines(buf: Buffer, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = buf[i]
    if (c >= 32 || c === 9) continue
    if (c === 13 && buf[i + 1] === 10) {
      i++
      continue
    }
    return false
  }
  return true
}

function latin1(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end)
}
