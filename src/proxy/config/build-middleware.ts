import type {MiddlewareEntry} from './routing-table.js'

const SUPPORTED = 'stripprefix, addprefix, headers, redirectscheme'

/** One middleware's raw options (lower-case paths) → a typed entry, or an 'invalid' entry naming the problem. */
export function buildMiddleware(name: string, options: Record<string, string>): MiddlewareEntry {
  const types = [...new Set(Object.keys(options).map((k) => k.split('.')[0]))]
  if (types.length !== 1) return invalid(name, `defines ${types.length} middleware types (${types.join(', ')}); define exactly one per middleware`)
  const type = types[0]
  const get = (k: string) => options[`${type}.${k}`]
  switch (type) {
    case 'stripprefix': {
      const raw = get('prefixes')
      if (raw === undefined) return invalid(name, 'stripprefix needs "prefixes", e.g. stripprefix.prefixes=/api')
      const prefixes = raw.split(',').map((p) => p.trim()).filter(Boolean)
      return {name, type, prefixes}
    }
    case 'addprefix': {
      const prefix = get('prefix')
      if (!prefix?.startsWith('/')) return invalid(name, `addprefix.prefix must start with "/", got ${JSON.stringify(prefix ?? '')}`)
      return {name, type, prefix}
    }
    case 'headers': {
      const requestHeaders: Record<string, string> = {}
      const responseHeaders: Record<string, string> = {}
      for (const [k, v] of Object.entries(options)) {
        const [, group, ...rest] = k.split('.')
        const header = rest.join('.')
        if (group === 'customrequestheaders' && header) requestHeaders[header] = v
        else if (group === 'customresponseheaders' && header) responseHeaders[header] = v
        else return invalid(name, `unsupported headers option "${k.slice(type.length + 1)}" (supported: customrequestheaders.<name>, customresponseheaders.<name>)`)
      }
      return {name, type, requestHeaders, responseHeaders}
    }
    case 'redirectscheme': {
      const scheme = get('scheme')
      if (!scheme) return invalid(name, 'redirectscheme needs "scheme", e.g. redirectscheme.scheme=https')
      const permanent = (get('permanent') ?? 'false').toLowerCase() === 'true'
      const port = get('port')
      return port === undefined ? {name, type, scheme, permanent} : {name, type, scheme, permanent, port}
    }
    default:
      return invalid(name, `middleware type "${type}" is not supported by zdev's proxy (supported: ${SUPPORTED})`)
  }
}

function invalid(name: string, error: string): MiddlewareEntry {
  return {name, type: 'invalid', error}
}
