import type {AddressInfo} from 'node:net'
import {newId} from '../lib/ids.js'
import type {Logger} from '../lib/log.js'
import type {ServerExtension} from '../server/server-agent.js'
import {currentLeader} from '../store/leader-election.js'
import {readApiRecord, selfRecord, writeApiRecord} from '../platform/api-record.js'
import {createServer} from 'node:http'
import {apiRequestListener, type RequestListener} from './http-server.js'
import {listenWithFallback} from './listen-api.js'
import {apiRoutes} from './routes.js'
import {TableIndex} from './table-index.js'
import type {ApiContext} from './types.js'

export interface ApiOptions {
  host: string // loopback
  /** The first port tried when the server has no recorded one (platform file: servers.api_port + i). */
  port: number
  token?: string
  /** `.zdev/<cluster>`: alloc logs below it, and api/<server>.json, the address really bound. */
  stateDir?: string
}

export interface BoundApi {
  /** host:port actually bound, or null when the API could not listen (the server runs without it). */
  httpAddr: string | null
  extension: ServerExtension
}

/**
 * Bind the HTTP API before the server registers, so that its registration (`servers/<name>`)
 * and api/<name>.json name the port really bound. Requests before the server is ready get 503.
 */
export async function bindApi(name: string, opts: ApiOptions, log: Logger): Promise<BoundApi> {
  // The real listener comes with the server's store; until then a short 503.
  let handler: RequestListener | null = null
  const http = createServer((req, res) => {
    if (handler) return handler(req, res)
    res.writeHead(503, {'content-type': 'text/plain; charset=utf-8'}).end('server starting')
  })
  let listening = false
  const last = opts.stateDir ? readApiRecord(opts.stateDir, name)?.addr : null
  const lastPort = last ? Number(new URL(last).port) : 0
  let httpAddr: string | null = null
  try {
    const r = await listenWithFallback(http, opts.host, [lastPort, opts.port])
    httpAddr = `${opts.host}:${r.port}`
    if (r.taken.length) log(`HTTP API: port ${r.taken.join(', ')} in use (another cluster or program on this machine); listening on ${httpAddr} instead`)
    const addr = http.address() as AddressInfo
    log(`HTTP API on http://${addr.address}:${addr.port}${opts.token ? ' (token required)' : ''}`)
    if (opts.stateDir) writeApiRecord(opts.stateDir, selfRecord(name, `http://${httpAddr}`, null))
    listening = true
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    log(`ERROR HTTP API not started: ${why}; the server schedules without it (set servers.api_port to a free port and restart it)`)
    if (opts.stateDir) writeApiRecord(opts.stateDir, selfRecord(name, null, why))
  }
  const extension: ServerExtension = async (srv) => {
    if (!listening || !httpAddr) return {stop: async () => undefined}
    const tables = new TableIndex(srv.store)
    await tables.start()
    const ctx: ApiContext = {
      store: srv.store, tables, name: srv.name, httpAddr,
      isLeader: srv.isLeader, leader: () => currentLeader(srv.store), now: () => Date.now(), newId,
      region: 'global', datacenter: 'dc1', stateDir: opts.stateDir,
    }
    handler = apiRequestListener(ctx, apiRoutes(), {token: opts.token})
    return {
      async stop() {
        http.closeAllConnections()
        await new Promise<void>((r) => http.close(() => r()))
        await tables.stop()
        // keep the last address (the next start tries it first), mark the API stopped
        if (opts.stateDir) writeApiRecord(opts.stateDir, {...selfRecord(srv.name, `http://${httpAddr}`, null), pid: null})
      },
    }
  }
  return {httpAddr, extension}
}
