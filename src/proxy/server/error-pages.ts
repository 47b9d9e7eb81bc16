import type {ServerResponse} from 'node:http'

export type ProxyErrorKind = 'no-route' | 'upstream-failed' | 'no-healthy-instance' | 'bad-request'

const STATUS: Record<ProxyErrorKind, number> = {'no-route': 404, 'upstream-failed': 502, 'no-healthy-instance': 503, 'bad-request': 400}

/** Plain-text error from the proxy itself; the X-Zdev-Proxy-Error header tells it from an upstream's. */
export function sendProxyError(res: ServerResponse, kind: ProxyErrorKind, message: string): number {
  const status = STATUS[kind]
  const body = `${message}\n`
  if (!res.headersSent) {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-zdev-proxy-error': kind,
    })
  }
  res.end(body)
  return status
}

export function noRouteMessage(proxy: string, host: string, path: string, routers: number): string {
  return `zdev proxy "${proxy}": no router matches host "${host}" and path "${path}" (${routers} routers enabled; run "zdev routes" to list them)`
}

export function noHealthyMessage(proxy: string, router: string, service: string, registered: number): string {
  return `zdev proxy "${proxy}": router "${router}": service "${service}" has no healthy instance (${registered} registered, 0 healthy)`
}

export function upstreamFailedMessage(proxy: string, router: string, service: string, s: {id: string; url: string; allocId: string; nodeId: string}, err: Error): string {
  const code = (err as {code?: string}).code
  return `zdev proxy "${proxy}": router "${router}" could not reach service "${service}" instance ${s.id} at ${s.url} (alloc ${s.allocId}, node ${s.nodeId}): ${code ? `${code} ` : ''}${err.message}`
}
