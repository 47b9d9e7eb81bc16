import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import {performance} from 'node:perf_hooks'
import {emptyRoutingTable, type RoutingTable} from '../config/routing-table.js'
import {compileTable, originsOf, type CompiledTable} from './compile-table.js'
import {ClientConnection, type FastScope} from './fast/client-connection.js'
import {handleRequest, type ProxyScope} from './handle-request.js'
import {handleUpgrade} from './handle-upgrade.js'
import {clientErrorAnswer} from './client-error-answer.js'
import {MAX_HEAD_BYTES, rejectionBytes} from './http-limits.js'
import {StatsCounter, type ProxyStats} from './proxy-stats.js'
import {UpstreamPools} from './upstream-pools.js'

export interface ProxyHandle {
  /** Swap the routing table atomically; the listener and client connections stay. */
  setRoutingTable(table: RoutingTable): void
  routingTable(): RoutingTable
  stats(): ProxyStats
  /** The bound port (useful with port 0). */
  readonly port: number
  close(): Promise<void>
}

export interface ProxyOptions {
  host: string
  port: number
  name: string
  /** Idle client keep-alive in ms (default 60 s). */
  keepAliveTimeout?: number
  /**
   * Serve plain HTTP/1.1 requests on the raw-socket fast lane (default true). Off: every request
   * goes through node:http + undici, which the fast lane also hands unusual requests to.
   */
  fastLane?: boolean
}

/** Start the forwarding server. Every request reads the one current compiled table. */
export async function startProxy(opts: ProxyOptions): Promise<ProxyHandle> {
  const now = () => performance.now()
  const pools = new UpstreamPools(now)
  const stats = new StatsCounter()
  let current: CompiledTable = compileTable(emptyRoutingTable(), pools, undefined, now)
  const scope: ProxyScope = {name: opts.name, port: String(opts.port), stats}

  const keepAliveTimeout = opts.keepAliveTimeout ?? 60_000
  const server = http.createServer({keepAlive: true, noDelay: true, maxHeaderSize: MAX_HEAD_BYTES, requireHostHeader: false}, (req, res) => handleRequest(current, req, res, scope))
  server.on('upgrade', (req, socket, head) => handleUpgrade(current, req, socket, head, scope))
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
  server.keepAliveTimeout = keepAliveTimeout
  server.headersTimeout = keepAliveTimeout + 5_000
  server.requestTimeout = 0

  // The listener: raw sockets start on the fast lane, which passes unusual ones to node:http.
  const sockets = new Set<net.Socket>() // every client connection, whichever lane serves it
  const fast: FastScope = {
    name: opts.name,
    port: String(opts.port),
    stats,
    table: () => current,
    handOver: (socket) => server.emit('connection', socket),
    connections: new Set(),
  }
  const sweepMs = Math.max(100, Math.min(5_000, Math.floor(keepAliveTimeout / 4)))
  const maxIdleSweeps = Math.max(1, Math.ceil(keepAliveTimeout / sweepMs))
  const sweeper = setInterval(() => {
    for (const c of fast.connections) c.sweepIdle(maxIdleSweeps)
  }, sweepMs)
  sweeper.unref()
  const listener = opts.fastLane === false
    ? server
    : net.createServer({noDelay: true}, (socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      new ClientConnection(socket, fast)
    })
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
    setRoutingTable(table) {
      current = compileTable(table, pools, current, now)
      stats.tableSwaps++
      pools.retain(originsOf(table))
    },
    routingTable: () => current.source,
    stats: () => stats.snapshot(),
    async close() {
      stats.stop()
      clearInterval(sweeper)
      await new Promise<void>((resolve) => {
        listener.close(() => resolve())
        for (const s of sockets) s.destroy()
        server.closeAllConnections()
      })
      await pools.closeAll()
    },
  }
}
