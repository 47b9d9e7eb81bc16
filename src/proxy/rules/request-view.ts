import type {MatchRequest} from './ast.js'

/** Lower-case host without port: "App.LocalHost:8080" → "app.localhost", "[::1]:80" → "::1". */
export function canonizeHost(host: string | undefined): string {
  if (!host) return ''
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return (end < 0 ? host.slice(1) : host.slice(1, end)).toLowerCase()
  }
  const colon = host.indexOf(':')
  // More than one colon without brackets: a bare IPv6 address, keep whole.
  if (colon >= 0 && host.indexOf(':', colon + 1) < 0) host = host.slice(0, colon)
  return host.toLowerCase()
}

// Percent-escapes of reserved characters stay encoded so that routing cannot change a path's meaning.
const RESERVED = new Set(['3A', '2F', '3F', '23', '5B', '5D', '40', '21', '24', '26', '27', '28', '29', '2A', '2B', '2C', '3B', '3D', '25'])

/** Traefik's routing path: decode percent-escapes except those of reserved characters. */
export function routingPath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath
  const bytes: number[] = []
  let out = ''
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8')
    bytes.length = 0
  }
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath[i]
    const hex = rawPath.slice(i + 1, i + 3)
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      const upper = hex.toUpperCase()
      if (RESERVED.has(upper)) {
        flush()
        out += `%${upper}`
      } else bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      flush()
      out += c
    }
  }
  flush()
  return out
}

/** Split a request target into path and query (no "?"). Absolute-form targets keep only the path. */
export function splitTarget(url: string): {path: string; rawQuery: string} {
  let target = url
  if (!target.startsWith('/')) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target)
    target = m ? target.slice(m[0].length) || '/' : target
  }
  const q = target.indexOf('?')
  return q < 0 ? {path: target, rawQuery: ''} : {path: target.slice(0, q), rawQuery: target.slice(q + 1)}
}

/** A request to match from its parts; `headers` values that are arrays stand for repeated lines. */
export function toMatchRequest(input: {method: string; url: string; headers: Record<string, string | string[] | undefined>; remoteAddress?: string}): MatchRequest {
  const {path, rawQuery} = splitTarget(input.url)
  const rawHeaders: string[] = []
  for (const [name, v] of Object.entries(input.headers)) {
    if (v === undefined) continue
    for (const value of Array.isArray(v) ? v : [v]) rawHeaders.push(name, value)
  }
  const host = input.headers.host ?? input.headers.Host
  return {
    method: input.method,
    host: canonizeHost(Array.isArray(host) ? host[0] : host),
    path: routingPath(path),
    rawQuery,
    rawHeaders,
    remoteAddress: input.remoteAddress ?? '',
  }
}

/** Query values by key, parsed once per request (like Go's url.ParseQuery: "+" is a space). */
export function queryOf(req: MatchRequest): Map<string, string[]> {
  if (req.query) return req.query
  const map = new Map<string, string[]>()
  for (const part of req.rawQuery.split('&')) {
    if (!part || part.includes(';')) continue // Go ≥ 1.17 drops pairs holding a semicolon
    const eq = part.indexOf('=')
    const key = decodeQueryPart(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodeQueryPart(part.slice(eq + 1))
    if (key === undefined || value === undefined) continue
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  req.query = map
  return map
}

/**
 * gorilla/mux's findFirstQueryKey (v2 Query): the first pair, split on "&" or ";", whose unescaped
 * key is `key`; its unescaped value, or undefined.
 */
export function firstQueryValue(req: MatchRequest, key: string): string | undefined {
  for (const part of req.rawQuery.split(/[&;]/)) {
    if (!part) continue
    const eq = part.indexOf('=')
    const k = decodeQueryPart(eq < 0 ? part : part.slice(0, eq))
    if (k !== key) continue
    return decodeQueryPart(eq < 0 ? '' : part.slice(eq + 1))
  }
  return undefined
}

function decodeQueryPart(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return undefined // Go drops pairs it cannot unescape
  }
}

/** The values of one header, one per header line as Traefik (Go's http.Header) sees them; never joined. */
export function headerValues(req: MatchRequest, lowerName: string): readonly string[] {
  let lines = req.headerLines
  if (!lines) {
    lines = new Map()
    const raw = req.rawHeaders
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i].toLowerCase()
      const list = lines.get(key)
      if (list) list.push(raw[i + 1])
      else lines.set(key, [raw[i + 1]])
    }
    req.headerLines = lines
  }
  return lines.get(lowerName) ?? NONE
}

const NONE: readonly string[] = []
