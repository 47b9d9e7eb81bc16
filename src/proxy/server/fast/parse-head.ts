// The upstream's response head, for the fast lane: hop-by-hop headers dropped, framing read.
// Refused (502) when its lines are not strictly CRLF-delimited or a value holds a control byte.

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
  if (!strictLines(buf, end)) return undefined
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
