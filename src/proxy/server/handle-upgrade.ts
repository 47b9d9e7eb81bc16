import type {IncomingMessage} from 'node:http'
import net from 'node:net'
import type {Duplex} from 'node:stream'
import type {CompiledTable} from './compile-table.js'
import type {ProxyScope} from './handle-request.js'
import {rejectionBytes} from './http-limits.js'
import {viewNodeRequest} from './node-request-view.js'
import {routeRequest} from './route-request.js'
import {buildUpstreamHeaders, clientIpOf} from './upstream-headers.js'

/**
 * WebSocket (and any HTTP/1.1 Upgrade) pass-through: route like a request, open a TCP connection
 * to one instance, replay the request head, then splice the two sockets together.
 */
export function handleUpgrade(table: CompiledTable, req: IncomingMessage, socket: Duplex, head: Buffer, scope: ProxyScope): void {
  socket.on('error', () => socket.destroy())
  const clientIp = clientIpOf(req)
  const view = viewNodeRequest(req)
  if ('status' in view) {
    scope.stats.count('(refused)', view.status)
    socket.end(rejectionBytes(view.status, `zdev proxy "${scope.name}": ${view.reason}`))
    return
  }
  const d = routeRequest(table, scope.entry, view.method, view.target, view.authority, req.rawHeaders, clientIp)
  if (d.kind === 'error') {
    scope.stats.count(d.router, d.status)
    return reject(socket, d.status, d.message)
  }
  if (d.kind === 'redirect') return reject(socket, d.status, `redirect to ${d.location}`, `Location: ${d.location}\r\n`)
  const {route, upstream, ctx} = d
  scope.stats.upgrades++
  scope.stats.count(route.name, 101)
  const s = upstream.server
  const hostOverride = route.service.passHostHeader ? undefined : `${s.address}:${s.port}`
  const headers = buildUpstreamHeaders(req, {clientIp, authority: view.authority, absoluteForm: view.absoluteForm, hopByHop: view.hopByHop, proto: scope.entry.entryPoint === 'websecure' ? 'wss' : 'ws', port: scope.port, proxyName: scope.name, hostOverride}, ctx)
  headers.push('connection', 'Upgrade', 'upgrade', String(req.headers.upgrade ?? 'websocket'))
  let lines = `${req.method} ${d.target} HTTP/1.1\r\n`
  for (let i = 0; i < headers.length; i += 2) lines += `${headers[i]}: ${headers[i + 1]}\r\n`
  const up = net.connect({host: s.address, port: s.port})
  let connected = false
  up.on('connect', () => {
    connected = true
    up.write(`${lines}\r\n`)
    if (head.length) up.write(head)
    up.pipe(socket)
    socket.pipe(up)
  })
  up.on('error', (err) => {
    if (!connected) {
      route.service.balancer.markDown(upstream)
      reject(socket, 502, `zdev proxy "${scope.name}": router "${route.name}" could not reach service "${route.service.name}" instance ${s.id} at ${s.url}: ${err.message}`)
    } else socket.destroy()
  })
  up.on('close', () => socket.destroy())
  socket.on('close', () => up.destroy())
}

function reject(socket: Duplex, status: number, message: string, extra = ''): void {
  const body = `${message}\n`
  const reason = status === 404 ? 'Not Found' : status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Redirect'
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`)
}
