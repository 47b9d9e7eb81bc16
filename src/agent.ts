// The entry point of every platform process zdev starts besides etcd:
//   node dist/agent.js <server|node|proxy> <name>      (config from $ZDEV_PLATFORM_FILE)
//   node dist/agent.js <server|node|proxy> '<json>'    (explicit config, used by tests)
// Each runs until SIGTERM/SIGINT, then shuts down cleanly (leases revoked, tasks stopped).
// Each kind imports only its own graph (a proxy never loads server, scheduler, jobspec or node
// code), and the platform file's loader only when the config is not given as JSON.
import type {AgentKind, ServerAgentConfig} from './agents/agent-config.js'
import type {NodeAgentOptions} from './client/node-agent.js'
import type {ProxyProcessOptions} from './proxy/proxy-process.js'
import {exitWithSupervisor, installCrashGuard} from './lib/crash-guard.js'

type Stoppable = {stop(): Promise<void>}

async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2) as [AgentKind, string]
  exitWithSupervisor(process.env)
  installCrashGuard(arg?.startsWith('{') ? (JSON.parse(arg) as {name?: string}).name ?? kind : arg ?? kind)
  if (kind !== 'server' && kind !== 'node' && kind !== 'proxy') throw new Error(`unknown agent kind "${kind}" (expected server, node or proxy)`)
  const cfg = arg?.startsWith('{') ? JSON.parse(arg) : await (await import('./agents/agent-config.js')).agentConfig(kind, arg, process.env)
  let running: Stoppable
  if (kind === 'server') running = await (await import('./agents/server-main.js')).startServer(cfg as ServerAgentConfig)
  else if (kind === 'node') running = await (await import('./client/node-process.js')).startNodeAgentProcess(cfg as NodeAgentOptions)
  else running = await (await import('./proxy/proxy-process.js')).startProxyProcess(cfg as ProxyProcessOptions)
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
