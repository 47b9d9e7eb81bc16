import {apiExtension} from '../api/start-api.js'
import {startServerAgent} from '../server/server-agent.js'
import type {ServerAgentConfig} from './agent-config.js'

// What a server process loads: the server agent and its HTTP API (no node or proxy code).
export async function startServer(cfg: ServerAgentConfig): Promise<{stop(): Promise<void>}> {
  const {api, ...server} = cfg
  return startServerAgent(api ? {...server, httpAddr: `${api.host}:${api.port}`, extensions: [apiExtension(api)]} : server)
}
