import type {AddressInfo} from 'node:net'
import {newId} from '../lib/ids.js'
import type {ServerExtension} from '../server/server-agent.js'
import {currentLeader} from '../store/leader-election.js'
import {createApiServer} from './http-server.js'
import {apiRoutes} from './routes.js'
import {TableIndex} from './table-index.js'
import type {ApiContext} from './types.js'

export interface ApiOptions {
  host: string // loopback
  port: number
  token?: string
  stateDir?: string
}

/** The HTTP API as a server extension: listens while the server process runs. */
export function apiExtension(opts: ApiOptions): ServerExtension {
  return async (server) => {
    const tables = new TableIndex(server.store)
    await tables.start()
    const ctx: ApiContext = {
      store: server.store,
      tables,
      name: server.name,
      httpAddr: `${opts.host}:${opts.port}`,
      isLeader: server.isLeader,
      leader: () => currentLeader(server.store),
      now: () => Date.now(),
      newId,
      region: 'global',
      datacenter: 'dc1',
      stateDir: opts.stateDir,
    }
    const http = createApiServer(ctx, apiRoutes(), {token: opts.token})
    try {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject)
        http.listen(opts.port, opts.host, () => resolve())
      })
    } catch (err) {
      // The server still schedules without its API (two clusters on one default port, say).
      server.log(`HTTP API not started on ${ctx.httpAddr}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; set servers.api_port to a free port`)
      return {stop: () => tables.stop()}
    }
    const addr = http.address() as AddressInfo
    server.log(`HTTP API on http://${addr.address}:${addr.port}${opts.token ? ' (token required)' : ''}`)
    return {
      async stop() {
        http.closeAllConnections()
        await new Promise<void>((r) => http.close(() => r()))
        await tables.stop()
      },
    }
  }
}
