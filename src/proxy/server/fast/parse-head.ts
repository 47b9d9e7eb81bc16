// Minimal HTTP/1.1 head parsing for the fast lane. Anything unusual returns undefined and the
// connection is handed to node:http, which owns the edge cases (HTTP/1.0, chunked uploads,
// Expect, Upgrade, obs-fold, oversized heads, malformed input).

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const MAX_HEADERS = 100

export interface RequestHead {
  method: string
  target: string
  /** [name, value, name, value, …] as received (value trimmed). */
  raw: string[]
  /** Lower-case names, one per pair in `raw`. */
  lower: string[]
  /** Lower-case names; repeated headers joined with ", " (cookie with "; "), like Node. */
  headers: Record<string, string>
  contentLength: number
  /** The client asked to close after this exchange. */
  close: boolean
}

/** Parse the head in buf[0..end) (end = index of the blank line's CRLFCRLF). */
export function parseRequestHead(buf: Buffer, end: number): RequestHead | undefined {
  const text = buf.toString('latin1', 0, end)
  const lines = text.split('\r\n')
  const first = lines[0].split(' ')
  // Origin-form targets only ("/path?query"); absolute-form, "*" and CONNECT go to node:http.
  if (first.length !== 3 || first[2] !== 'HTTP/1.1' || !TOKEN.test(first[0]) || first[0] === 'CONNECT' || first[1][0] !== '/') return undefined
  if (lines.length - 1 > MAX_HEADERS) return undefined
  const raw: string[] = []
  const lowers: string[] = []
  const headers: Record<string, string> = {}
  let contentLength = 0
  let close = false
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]
    const colon = line.indexOf(':')
    if (colon <= 0) return undefined
    const name = line.slice(0, colon)
    if (!TOKEN.test(name)) return undefined
    const value = line.slice(colon + 1).trim()
    const lower = name.toLowerCase()
    switch (lower) {
      case 'transfer-encoding':
      case 'upgrade':
      case 'expect':
        return undefined
      case 'content-length':
        if (!/^\d{1,15}$/.test(value) || (headers[lower] !== undefined && headers[lower] !== value)) return undefined
        contentLength = Number(value)
        break
      case 'connection':
        // Only keep-alive/close here; other tokens name hop-by-hop headers, which node:http path handles.
        if (/^\s*close\s*$/i.test(value)) close = true
        else if (!/^\s*keep-alive\s*$/i.test(value)) return undefined
        break
    }
    raw.push(name, value)
    lowers.push(lower)
    const prior = headers[lower]
    headers[lower] = prior === undefined ? value : `${prior}${lower === 'cookie' ? '; ' : ', '}${value}`
  }
  if (headers.host === undefined) return undefined
  return {method: first[0], target: first[1], raw, lower: lowers, headers, contentLength, close}
}

export interface ResponseHead {
  status: number
  /** The head to send to the client, CRLFCRLF included, without hop-by-hop headers. */
  head: string
  /** -1 when absent. */
  contentLength: number
  chunked: boolean
  keepAlive: boolean
  /** Upstream's Keep-Alive timeout hint in ms, or 0. */
  keepAliveMs: number
}

/** Parse an upstream response head; `extra` lines (already CRLF-terminated) are appended. */
export function parseResponseHead(buf: Buffer, end: number, dropLower: {has(lower: string): boolean} | undefined, extra: string): ResponseHead | undefined {
  const text = buf.toString('latin1', 0, end)
  const lines = text.split('\r\n')
  const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0])
  if (!m) return undefined
  const http10 = m[1] === '0'
  let head = `HTTP/1.1${lines[0].slice(8)}\r\n`
  let contentLength = -1
  let chunked = false
  let keepAlive = !http10
  let keepAliveMs = 0
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]
    const colon = line.indexOf(':')
    if (colon <= 0) return undefined
    const lower = line.slice(0, colon).toLowerCase()
    if (lower === 'content-length') {
      const v = line.slice(colon + 1).trim()
      if (!/^\d{1,15}$/.test(v)) return undefined
      contentLength = Number(v)
    } else if (lower === 'transfer-encoding') {
      if (!/^\s*chunked\s*$/i.test(line.slice(colon + 1))) return undefined
      chunked = true
    } else if (lower === 'connection') {
      const v = line.slice(colon + 1).toLowerCase()
      if (v.includes('close')) keepAlive = false
      else if (v.includes('keep-alive')) keepAlive = true
      continue
    } else if (lower === 'keep-alive') {
      const t = /timeout=(\d+)/i.exec(line)
      if (t) keepAliveMs = Number(t[1]) * 1000
      continue
    } else if (lower === 'proxy-connection' || (dropLower !== undefined && dropLower.has(lower))) continue
    head += `${line}\r\n`
  }
  if (chunked && contentLength >= 0) return undefined
  return {status: Number(m[2]), head: `${head}${extra}\r\n`, contentLength, chunked, keepAlive, keepAliveMs}
}
