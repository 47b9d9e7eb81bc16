// The entry point of every platform process zdev starts besides etcd:
//   node dist/agent.js <server|node|proxy> <name>      (config from $ZDEV_PLATFORM_FILE)
//   node dist/agent.js <server|node|proxy> '<json>'    (explicit config, used by tests)
// Each runs until SIGTERM/SIGINT, then shuts down cleanly (leases revoked, tasks stopped).
// Each kind imports only its own graph (a proxy never loads server, scheduler, jobspec or node
// code), and the platform file's loader only when the config is not given as JSON. `npm run build`
// bundles this file into dist/agent.js with one chunk per kind (scripts/bundle-agents.mjs).
import type {AgentKind} from './agents/agent-config.js'
import {exitWithSupervisor, installCrashGuard} from './lib/crash-guard.js'
import {awaitGo, signalReady} from './lib/ready-signal.js'

type Stoppable = {stop(): Promise<void>}

/** ZDEV_TRACE=1 (inherited from `up`): the phases of the start in this agent's log, in ms since its process started. */
const trace = (what: string) => process.env.ZDEV_TRACE === '1' && process.stdout.write(`${new Date().toISOString()} [trace +${Math.round(performance.now())} ms] ${what}\n`)

/** The kind's start function; each kind's graph is a chunk of its own in the bundle (scripts/bundle-agents.mjs). */
async function startOf(kind: AgentKind): Promise<(c: unknown) => Promise<Stoppable>> {
  if (kind === 'server') return (await import('./agents/server-main.js')).startServer as (c: unknown) => Promise<Stoppable>
  if (kind === 'node') return (await import('./client/node-process.js')).startNodeAgentProcess as (c: unknown) => Promise<Stoppable>
  return (await import('./proxy/proxy-process.js')).startProxyProcess as (c: unknown) => Promise<Stoppable>
}

async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2) as [AgentKind, string]
  exitWithSupervisor(process.env)
  installCrashGuard(arg?.startsWith('{') ? (JSON.parse(arg) as {name?: string}).name ?? kind : arg ?? kind)
  if (kind !== 'server' && kind !== 'node' && kind !== 'proxy') throw new Error(`unknown agent kind "${kind}" (expected server, node or proxy)`)
  // load the kind's code and read the config together (while etcd elects), then wait until `up` says the KV is ready
  const [cfg, start] = await Promise.all([
    arg?.startsWith('{') ? JSON.parse(arg) as unknown : import('./agents/agent-config.js').then((m) => m.agentConfig(kind, arg, process.env)),
    startOf(kind),
  ])
  trace('code and config loaded; waiting for go')
  await awaitGo()
  trace('go')
  const running = await start(cfg)
  signalReady()
  trace('ready')
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
