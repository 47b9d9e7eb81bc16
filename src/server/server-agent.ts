import {newId} from '../lib/ids.js'
import {createLogger, type Logger} from '../lib/log.js'
import {LeaderElection} from '../store/leader-election.js'
import {LeasedKeys, RECORD_TTL_SECONDS} from '../store/registration.js'
import {Store} from '../store/store.js'
import type {KvAuth} from '../store/client.js'
import type {ServerRecord} from '../store/cluster-state.js'
import type {SchedulerConfig} from '../scheduler/index.js'
import {Leader} from './leader.js'
import {LeaderContext} from './leader-context.js'

export interface ServerAgentOptions {
  name: string
  cluster: string
  endpoints: string[]
  ttlSeconds?: number
  auth?: KvAuth
  /** Grace after an election for nodes that were ready to register again (default 20 s). */
  nodeGraceMs?: number
  log?: Logger
  /** Started beside the server (the HTTP API): given the server's store and leadership. */
  extensions?: ServerExtension[]
  /** Where an extension serves HTTP, recorded in the server's registration. */
  httpAddr?: string
  /** Nomad's default_scheduler_config (the platform file's `scheduler:`); Nomad's defaults when absent. */
  scheduler?: SchedulerConfig
}

export interface ServerHandle {
  name: string
  store: Store
  log: Logger
  isLeader(): boolean
}
export type ServerExtension = (server: ServerHandle) => Promise<{stop(): Promise<void>}>

export interface RunningServer {
  isLeader(): boolean
  stop(): Promise<void>
}

/** A server process: registers itself, campaigns for leadership, leads while elected. */
export async function startServerAgent(opts: ServerAgentOptions): Promise<RunningServer> {
  const log = opts.log ?? createLogger(opts.name)
  const store = Store.connect(opts.endpoints, opts.cluster, 2000, opts.auth)
  const ttl = opts.ttlSeconds ?? 1
  const reg = new LeasedKeys(store, RECORD_TTL_SECONDS)
  const rec: ServerRecord = {Name: opts.name, Address: '127.0.0.1', Pid: process.pid, StartedAt: Date.now(), ...(opts.httpAddr ? {HttpAddr: opts.httpAddr} : {})}
  const registered = reg.set(store.keys.server(opts.name), rec)
  const ctx = new LeaderContext(store, opts.name, log, () => Date.now(), newId)
  if (opts.nodeGraceMs !== undefined) ctx.nodeGraceMs = opts.nodeGraceMs
  if (opts.scheduler) ctx.scheduler = opts.scheduler
  let leader: Leader | null = null
  let transition = Promise.resolve()
  const election = new LeaderElection(store, opts.name, ttl, {
    onElected: () => {
      transition = transition.then(async () => {
        ctx.event('leader-elected', `${opts.name} is the leader`)
        leader = new Leader(ctx)
        try {
          await leader.start()
        } catch (err) {
          log(`leader start failed: ${err instanceof Error ? err.message : String(err)}`)
        }
      })
    },
    onDeposed: (reason) => {
      transition = transition.then(async () => {
        log(`lost leadership: ${reason}`)
        await leader?.stop()
        leader = null
      })
    },
  })
  election.start()
  const handle: ServerHandle = {name: opts.name, store, log, isLeader: () => election.isLeader()}
  // the registration, the campaign and the extensions (the HTTP API's watch) at once
  const [, ...extensions] = await Promise.all([registered, ...(opts.extensions ?? []).map((start) => start(handle))])
  log(`server ${opts.name} started`, {pid: process.pid})
  return {
    isLeader: () => election.isLeader(),
    async stop() {
      for (const x of extensions) await x.stop()
      await transition
      await leader?.stop()
      await election.stop()
      await reg.close()
      store.close()
    },
  }
}
