// The gate every request head passes on a client connection (RFC 9112 §2–§6, strictly): lines end
// in CRLF only, no CR, LF or NUL inside names or values, no obs-fold, exactly one Host, one framing.
// Its verdict: wait for more bytes, refuse with a status, or a head for the fast lane or node:http.
import {MAX_HEAD_BYTES, MAX_HEADER_LINES, MAX_REQUEST_LINE} from '../http-limits.js'
import {isValidHost, parseTarget} from '../request-target.js'
import {interpretHeaders, type HeadFacts} from './interpret-headers.js'

export interface RequestHead extends HeadFacts {
  method: string
  /** Origin-form ("/path?query") as sent upstream. */
  target: string
  /** The authority the request is for: the absolute-form target's, else the Host header's. */
  host: string
  /** The target was absolute-form: the Host line must be replaced by `host` upstream. */
  absoluteForm: boolean
  http10: boolean
  /** [name, value, name, value, …] as received (values without surrounding whitespace). */
  raw: string[]
  /** Lower-case names, one per pair in `raw`. */
  lower: string[]
  /** The received bytes the head was read from (the upstream head is copied from them). */
  bytes: Buffer
  /** Per header line in `bytes`: [nameStart, nameEnd, valueStart, valueEnd, …] (value without surrounding whitespace). */
  spans: number[]
}

export type HeadScan =
  | {kind: 'partial'}
  | {kind: 'reject'; status: number; reason: string}
  | {kind: 'head'; head: RequestHead; end: number; lane: 'fast' | 'node'}

const CR = 13
const LF = 10
const SP = 32
const HTAB = 9

/** tchar (RFC 9110 §5.6.2) by byte. */
const TCHAR = new Uint8Array(256)
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1
for (let c = 48; c <= 57; c++) TCHAR[c] = 1
for (let c = 65; c <= 90; c++) TCHAR[c] = 1
for (let c = 97; c <= 122; c++) TCHAR[c] = 1
/** field-vchar, SP and HTAB (obs-text allowed): what a field value may hold. */
const VALUE = new Uint8Array(256)
VALUE[SP] = 1
VALUE[HTAB] = 1
for (let c = 0x21; c <= 0x7e; c++) VALUE[c] = 1
for (let c = 0x80; c <= 0xff; c++) VALUE[c] = 1

/** Arrays a caller lends for a head's `raw`, `lower` and `spans`: overwritten, then cut to length, so a connection's heads allocate none. */
export interface HeadArrays {
  raw: string[]
  lower: string[]
  spans: number[]
  /** The last target scanned with these arrays. */
  target?: string
  /** The head and verdict objects a connection reuses, made on its first head. */
  found?: {kind: 'head'; head: RequestHead; end: number; lane: 'fast' | 'node'}
}

/** Strings the bytes of a request line or header name usually spell, by length: reused, not made per request. */
function byLength(words: readonly string[]): string[][] {
  const table: string[][] = []
  for (const w of words) (table[w.length] ??= []).push(w)
  return table
}
const METHODS = byLength(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])
const VERSIONS = byLength(['HTTP/1.1', 'HTTP/1.0'])
/** Common header names in the two spellings clients send; `LOWER_OF` has each one's lower case. */
const NAMES = byLength(['Host', 'host', 'User-Agent', 'user-agent', 'Accept', 'accept', 'Accept-Encoding', 'accept-encoding',
  'Accept-Language', 'accept-language', 'Connection', 'connection', 'Content-Length', 'content-length', 'Content-Type', 'content-type',
  'Cookie', 'cookie'])
const LOWER_OF = new Map<string, string>()
for (const list of NAMES) for (const name of list ?? []) LOWER_OF.set(name, name.toLowerCase())

/** The string of `table` that `buf[start, end)` spells, or undefined. */
function known(buf: Buffer, start: number, end: number, table: readonly (readonly string[])[]): string | undefined {
  const list = table[end - start]
  if (list === undefined) return undefined
  for (const w of list) {
    let i = 0
    while (i < w.length && w.charCodeAt(i) === buf[start + i]) i++
    if (i === w.length) return w
  }
  return undefined
}

/** `buf[start, end)` as latin1 text: a string of `table` when the bytes spell one, else a new one. */
function text(buf: Buffer, start: number, end: number, table: readonly (readonly string[])[]): string {
  return known(buf, start, end, table) ?? buf.toString('latin1', start, end)
}

/**
 * `buf[start, end)` as latin1 text: `prev` when it spells the same bytes, else a new string. With
 * lent arrays `prev` is what the connection's previous head had at the same place: clients mostly
 * repeat themselves, so most strings of a head are not made again.
 */
function sameOr(buf: Buffer, start: number, end: number, prev: string | undefined): string {
  if (prev !== undefined && prev.length === end - start) {
    let i = 0
    while (i < prev.length && prev.charCodeAt(i) === buf[start + i]) i++
    if (i === prev.length) return prev
  }
  return buf.toString('latin1', start, end)
}

const reject = (status: number, reason: string): HeadScan => ({kind: 'reject', status, reason})
const PARTIAL: HeadScan = {kind: 'partial'}

/**
 * Scan the head at the start of `buf`. Never waits on bytes that are already wrong. With `lent`,
 * the head's arrays are those (valid until the next scan with them).
 */
export function scanRequestHead(buf: Buffer, lent?: HeadArrays): HeadScan {
  const n = buf.length
  let p = 0
  while (p + 1 < n && buf[p] === CR && buf[p + 1] === LF && p < 8) p += 2 // §2.2: ignore blank lines before a request
  const lineStart = p
  // Request line: method SP target SP version CRLF
  while (p < n && TCHAR[buf[p]] === 1) p++
  if (p === n) return p - lineStart > MAX_REQUEST_LINE ? reject(414, 'request line too long') : PARTIAL
  if (p === lineStart || buf[p] !== SP) return reject(400, 'malformed request line: method must be a token followed by one space')
  const method = text(buf, lineStart, p, METHODS)
  const targetStart = ++p
  while (p < n && buf[p] > SP && buf[p] < 0x7f) p++
  if (p === n) return p - lineStart > MAX_REQUEST_LINE ? reject(414, 'request line too long') : PARTIAL
  if (p === targetStart || buf[p] !== SP) return reject(400, 'malformed request line: the target holds a space or control character')
  const rawTarget = sameOr(buf, targetStart, p, lent?.target)
  if (lent !== undefined) lent.target = rawTarget
  const versionStart = ++p
  while (p < n && buf[p] !== CR && buf[p] !== LF && p - versionStart < 16) p++
  if (p === n) return PARTIAL
  if (buf[p] === LF) return reject(400, 'bare LF ends the request line; lines end in CRLF')
  if (buf[p] !== CR) return reject(400, 'malformed request line')
  if (p + 1 === n) return PARTIAL
  if (buf[p + 1] !== LF) return reject(400, 'CR without LF in the request line')
  if (p - lineStart > MAX_REQUEST_LINE) return reject(414, 'request line too long')
  const version = text(buf, versionStart, p, VERSIONS)
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    return /^HTTP\/\d\.\d$/.test(version) ? reject(505, `${version} is not supported`) : reject(400, 'malformed HTTP version')
  }
  p += 2

  const raw: string[] = lent ? lent.raw : []
  const lower: string[] = lent ? lent.lower : []
  const spans: number[] = lent ? lent.spans : []
  // Written by index, never emptied first: setting an array's length to 0 drops its backing store.
  let lines = 0
  for (;;) {
    if (p - lineStart > MAX_HEAD_BYTES) return reject(431, 'request head too large')
    if (p >= n) return PARTIAL
    const c = buf[p]
    if (c === CR) {
      if (p + 1 === n) return PARTIAL
      if (buf[p + 1] !== LF) return reject(400, 'CR without LF at the end of the head')
      p += 2
      break
    }
    if (c === LF) return reject(400, 'bare LF in the head; lines end in CRLF')
    if (c === SP || c === HTAB) return reject(400, 'obsolete line folding (a header line starting with whitespace) is not accepted')
    const nameStart = p
    while (p < n && TCHAR[buf[p]] === 1) p++
    if (p === n) return p - lineStart > MAX_HEAD_BYTES ? reject(431, 'request head too large') : PARTIAL
    if (buf[p] !== 58) return reject(400, p === nameStart ? 'header line without a name' : 'header name holds a character that is not allowed (whitespace before ":", CR, LF, NUL, …)')
    if (p === nameStart) return reject(400, 'header line without a name')
    const common = known(buf, nameStart, p, NAMES)
    const prevName = lines < lower.length ? raw[2 * lines] : undefined
    const name = common ?? sameOr(buf, nameStart, p, prevName)
    p++
    while (p < n && (buf[p] === SP || buf[p] === HTAB)) p++
    const valueStart = p
    let valueEnd = p
    while (p < n && VALUE[buf[p]] === 1) {
      if (buf[p] !== SP && buf[p] !== HTAB) valueEnd = p + 1
      p++
    }
    if (p === n) return p - lineStart > MAX_HEAD_BYTES ? reject(431, 'request head too large') : PARTIAL
    if (buf[p] === LF) return reject(400, `bare LF in header "${name}"; lines end in CRLF`)
    if (buf[p] !== CR) return reject(400, `header "${name}" holds a control character (NUL, CR, …)`)
    if (p + 1 === n) return PARTIAL
    if (buf[p + 1] !== LF) return reject(400, `header "${name}" holds a CR that does not end the line`)
    p += 2
    if (lines >= MAX_HEADER_LINES) return reject(431, `more than ${MAX_HEADER_LINES} header lines`)
    raw[2 * lines + 1] = sameOr(buf, valueStart, valueEnd, prevName !== undefined ? raw[2 * lines + 1] : undefined)
    raw[2 * lines] = name
    lower[lines] = common !== undefined ? LOWER_OF.get(common)! : name === prevName ? lower[lines] : name.toLowerCase()
    const k = 4 * lines
    spans[k] = nameStart
    spans[k + 1] = nameStart + name.length
    spans[k + 2] = valueStart
    spans[k + 3] = valueEnd
    lines++
  }
  if (lower.length !== lines) {
    raw.length = 2 * lines
    lower.length = lines
    spans.length = 4 * lines
  }

  const http10 = version === 'HTTP/1.0'
  const found = lent?.found
  const facts = interpretHeaders(raw, lower, http10, found?.head)
  if ('status' in facts) return reject(facts.status, facts.reason)
  if (method === 'CONNECT') return reject(405, 'CONNECT is not served by this proxy')
  // Origin-form, by far the most common, needs no parse (and no object).
  const target = rawTarget.charCodeAt(0) === 47 ? undefined : parseTarget(method, rawTarget)
  if (target?.kind === 'invalid') return reject(400, target.reason)
  if (!http10 && facts.hostCount === 0) return reject(400, 'HTTP/1.1 request without a Host header')
  const hostHeader = facts.hostCount === 0 ? '' : raw[2 * lower.indexOf('host') + 1]
  if (facts.hostCount === 1 && !isValidHost(hostHeader)) return reject(400, `invalid Host header ${JSON.stringify(hostHeader.slice(0, 64))}`)
  const absolute = target?.kind === 'absolute'
  const path = target === undefined ? rawTarget : target.kind === 'asterisk' ? '*' : target.path
  const host = target?.kind === 'absolute' ? target.authority : hostHeader

  const lane = http10 || facts.chunked || facts.special || target?.kind === 'asterisk' ? 'node' : 'fast'
  if (found !== undefined) {
    const head = found.head
    head.method = method
    head.http10 = http10
    head.bytes = buf
    head.absoluteForm = absolute
    head.target = path
    head.host = host
    found.end = p
    found.lane = lane
    return found
  }
  // Spelled out: an object spread here cost ~10× the rest of the scan (V8's clone path).
  const head: RequestHead = {
    hostCount: facts.hostCount, contentLength: facts.contentLength, chunked: facts.chunked, close: facts.close,
    hopByHop: facts.hopByHop, special: facts.special, method, http10, raw, lower, bytes: buf, spans, absoluteForm: absolute,
    target: path, host,
  }
  const scan = {kind: 'head' as const, head, end: p, lane: lane as 'fast' | 'node'}
  if (lent !== undefined) lent.found = scan
  return scan
}
