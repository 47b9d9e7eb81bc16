import {bindApi} from '../api/start-api.js'
import {createLogger} from '../lib/log.js'
import {startServerAgent} from '../server/server-agent.js'
import type {ServerAgentConfig} from './agent-config.js'

// What a server process loads: the server agent and its HTTP API (no node or proxy code).
export async function startServer(cfg: ServerAgentConfig): Promise<{stop(): Promise<void>}> {
  const {api, httpAddr: _planned, ...server} = cfg
  // the API binds first, so the server's registration names the port really bound
  const bound = api ? await bindApi(server.name, api, server.log ?? createLogger(server.name)) : null
  return startServerAgent(bound ? {...server, ...(bound.httpAddr ? {httpAddr: bound.httpAddr} : {}), extensions: [bound.extension]} : server)
}
