import type {MiddlewareEntry} from '../config/routing-table.js'

/** Per-request state the middlewares edit before forwarding. */
export interface ForwardContext {
  method: string
  host: string
  path: string
  /** "?query" or "". */
  search: string
  /** The scheme the client used: https on the websecure entry point. */
  scheme: 'http' | 'https'
  /** This proxy's websecure port, when it has one. */
  websecurePort: number | undefined
  /** Lower-case name → [name, value]; value null removes the header. */
  requestHeaders: Map<string, [string, string | null]>
  responseHeaders: Map<string, [string, string | null]>
  /** Set when a middleware answers the request itself. */
  redirect?: {status: number; location: string}
}

export type Step = (ctx: ForwardContext) => void

/** Compile a router's middlewares, in order, into steps. A redirect stops the chain. */
export function compileSteps(middlewares: readonly MiddlewareEntry[]): Step[] {
  return middlewares.map((mw): Step => {
    switch (mw.type) {
      case 'stripprefix':
        return (ctx) => {
          const prefix = mw.prefixes.find((p) => ctx.path.startsWith(p))
          if (prefix === undefined) return
          const rest = ctx.path.slice(prefix.length)
          ctx.path = rest.startsWith('/') ? rest : `/${rest}`
          ctx.requestHeaders.set('x-forwarded-prefix', ['X-Forwarded-Prefix', prefix])
        }
      case 'addprefix':
        return (ctx) => {
          ctx.path = mw.prefix.endsWith('/') && ctx.path.startsWith('/') ? mw.prefix + ctx.path.slice(1) : mw.prefix + ctx.path
        }
      case 'headers':
        return (ctx) => {
          for (const [k, v] of Object.entries(mw.requestHeaders)) ctx.requestHeaders.set(k.toLowerCase(), [k, v === '' ? null : v])
          for (const [k, v] of Object.entries(mw.responseHeaders)) ctx.responseHeaders.set(k.toLowerCase(), [k, v === '' ? null : v])
        }
      case 'redirectscheme':
        return (ctx) => {
          const defaultPort = mw.scheme === 'https' ? '443' : mw.scheme === 'http' ? '80' : ''
          // Already on the scheme asked for (and no other port asked): nothing to redirect, as in Traefik.
          if (mw.scheme === ctx.scheme && (mw.port === undefined || mw.port === defaultPort)) return
          // Without a port Traefik redirects to the scheme's default port (443); on a laptop the
          // websecure entry point stands for 443, so https goes to its port.
          const target = mw.port ?? (mw.scheme === 'https' && ctx.websecurePort !== undefined ? String(ctx.websecurePort) : undefined)
          const port = target && target !== defaultPort ? `:${target}` : ''
          const host = ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host
          const safe = ctx.method === 'GET' || ctx.method === 'HEAD'
          ctx.redirect = {
            status: mw.permanent ? (safe ? 301 : 308) : safe ? 302 : 307,
            location: `${mw.scheme}://${host}${port}${ctx.path}${ctx.search}`,
          }
        }
      case 'invalid':
        return () => undefined
    }
  })
}
