import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import tls from 'node:tls'
import {clientErrorAnswer} from './client-error-answer.js'
import type {CompiledTable, EntryPoint} from './compile-table.js'
import {ClientConnection, type FastScope} from './fast/client-connection.js'
import {handleRequest, type ProxyScope} from './handle-request.js'
import {handleUpgrade} from './handle-upgrade.js'
import {MAX_HEAD_BYTES, rejectionBytes} from './http-limits.js'
import type {StatsCounter} from './proxy-stats.js'

export interface EntryPointOptions {
  host: string
  port: number
  name: string
  entryPoint: EntryPoint
  websecurePort: number | undefined
  keepAliveTimeout: number
  fastLane: boolean
  /** TLS settings: the listener terminates TLS, then both lanes see plain HTTP/1.1. */
  tls?: tls.TlsOptions
}

export interface EntryPointHandle {
  readonly port: number
  /** Set the websecure port once it is known (redirects name it). */
  setWebsecurePort(port: number): void
  close(): Promise<void>
}

/**
 * One listening entry point. Raw (or TLS-terminated) sockets start on the fast lane, which passes
 * unusual requests to this entry point's own node:http server; with the fast lane off, every
 * socket goes to node:http. Both read the one current compiled table.
 */
export async function openEntryPoint(opts: EntryPointOptions, stats: StatsCounter, table: () => CompiledTable): Promise<EntryPointHandle> {
  const entry = {proxyName: opts.name, entryPoint: opts.entryPoint, websecurePort: opts.websecurePort}
  const scope: ProxyScope = {name: opts.name, port: String(opts.port), stats, entry}
  const server = http.createServer({keepAlive: true, noDelay: true, maxHeaderSize: MAX_HEAD_BYTES, requireHostHeader: false}, (req, res) => handleRequest(table(), req, res, scope))
  server.on('upgrade', (req, socket, head) => handleUpgrade(table(), req, socket, head, scope))
  server.on('connect', (_req, socket) => {
    stats.count('(refused)', 405)
    socket.end(rejectionBytes(405, `zdev proxy "${opts.name}": CONNECT is not served by this proxy`))
  })
  server.on('clientError', (err: Error & {code?: string; rawPacket?: Buffer}, socket) => {
    if (!socket.writable) return socket.destroy()
    const {status, reason} = clientErrorAnswer(err)
    stats.count('(refused)', status)
    socket.end(rejectionBytes(status, `zdev proxy "${opts.name}": ${reason}`))
  })
  server.keepAliveTimeout = opts.keepAliveTimeout
  server.headersTimeout = opts.keepAliveTimeout + 5_000
  server.requestTimeout = 0

  const sockets = new Set<net.Socket>()
  const fast: FastScope = {name: opts.name, port: String(opts.port), entry, stats, table, handOver: (socket) => server.emit('connection', socket), connections: new Set()}
  const sweepMs = Math.max(100, Math.min(5_000, Math.floor(opts.keepAliveTimeout / 4)))
  const maxIdleSweeps = Math.max(1, Math.ceil(opts.keepAliveTimeout / sweepMs))
  const sweeper = setInterval(() => {
    for (const c of fast.connections) c.sweepIdle(maxIdleSweeps)
  }, sweepMs)
  sweeper.unref()
  const accept = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    if (opts.fastLane) new ClientConnection(socket, fast)
    else server.emit('connection', socket)
  }
  const listener = opts.tls
    ? tls.createServer(opts.tls).on('secureConnection', accept).on('tlsClientError', (_e, s) => s.destroy())
    : net.createServer({noDelay: true}, accept)
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject)
    listener.listen({host: opts.host, port: opts.port}, () => {
      listener.off('error', reject)
      resolve()
    })
  })
  const port = (listener.address() as AddressInfo).port
  fast.port = String(port)
  scope.port = String(port)
  return {
    port,
    setWebsecurePort(p) {
      entry.websecurePort = p
    },
    async close() {
      clearInterval(sweeper)
      await new Promise<void>((resolve) => {
        listener.close(() => resolve())
        for (const s of sockets) s.destroy()
        server.closeAllConnections()
      })
    },
  }
}
