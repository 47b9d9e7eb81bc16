// The entry point of every platform process zdev starts besides etcd:
//   node dist/agent.js <server|node|proxy> <name>      (config from $ZDEV_PLATFORM_FILE)
//   node dist/agent.js <server|node|proxy> '<json>'    (explicit config, used by tests)
// Each runs until SIGTERM/SIGINT, then shuts down cleanly (leases revoked, tasks stopped).
import {apiExtension} from './api/start-api.js'
import {agentConfig, type AgentKind, type ServerAgentConfig} from './agents/agent-config.js'
import {startNodeAgentProcess} from './client/node-process.js'
import {startProxyProcess} from './proxy/proxy-process.js'
import {startServerAgent} from './server/server-agent.js'
import {exitWithSupervisor, installCrashGuard} from './lib/crash-guard.js'

type Stoppable = {stop(): Promise<void>}

async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2) as [AgentKind, string]
  exitWithSupervisor(process.env)
  installCrashGuard(arg?.startsWith('{') ? (JSON.parse(arg) as {name?: string}).name ?? kind : arg ?? kind)
  const cfg = arg?.startsWith('{') ? JSON.parse(arg) : await agentConfig(kind, arg, process.env)
  let running: Stoppable
  if (kind === 'server') {
    const {api, ...server} = cfg as ServerAgentConfig
    running = await startServerAgent(api ? {...server, httpAddr: `${api.host}:${api.port}`, extensions: [apiExtension(api)]} : server)
  }
  else if (kind === 'node') running = await startNodeAgentProcess(cfg)
  else if (kind === 'proxy') running = await startProxyProcess(cfg)
  else throw new Error(`unknown agent kind "${kind}" (expected server, node or proxy)`)
  let stopping = false
  const shutdown = (sig: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`${new Date().toISOString()} received ${sig}, shutting down\n`)
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err) => {
  process.stderr.write(`agent failed to start: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
