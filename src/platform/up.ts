import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {portInUse} from '../lib/ports.js'
import {ensureEtcd, type EnsureEtcdOptions} from '../kv/install-etcd.js'
import {nomadAddr} from './nomad-env.js'
import {loadPlatform} from './load.js'
import {etcdDataDir, etcdMemberNames, planPlatform, QUORUM_STEP, supervisorLaunch} from './plan.js'
import {kvAuthKnownOn} from '../kv/auth-marker.js'
import {hasWal} from '../kv/bootstrap-order.js'
import {assignEtcdPorts} from './assign-ports.js'
import {executePlan} from './execute.js'
import {findStale, cleanStale} from './stale.js'
import {stopOrphanedChildren} from './supervised-child.js'
import {ensureKvCredentials, readKvCredentials} from '../kv/credentials.js'
import {writeKvGrants} from './kv-grants.js'
import {readState, writeState, type ComponentState, type PlatformState} from './state.js'
import {silentReporter, type Reporter} from './progress.js'
import {stepName, type PlanStep} from './spec.js'
import {withStateLock} from './state-lock.js'
import type {Platform} from './types.js'
import {fileURLToPath} from 'node:url'
import {Store} from '../store/store.js'
import {routesOf} from './routes.js'
import {findOrphanTasks, type OrphanTasks} from './orphan-tasks.js'
import path from 'node:path'
import {buildPlatformImages, checkDockerRuntime} from './docker-runtime.js'
import {kvContainerInputs} from './kv-container.js'
import {loadPlatformJobs} from './platform-jobs.js'
import {AUTH_STEP, authStep, nodesStep, nodesStepName, jobsRunningStep, submitStep} from './up-steps.js'
import {submitChangedJobs, type PlatformJobResult} from './job-ledger.js'
import {trace, tracedReporter} from './up-trace.js'
import {SupervisorClient} from './supervisor-client.js'
import {writePlatformCopy} from './platform-copy.js'

export interface UpOptions extends EnsureEtcdOptions {
  reporter?: Reporter
  retain?: boolean
  /** Run servers/nodes/proxies with this agent script (not part of issue 2). */
  agentEntry?: string
  quorumTimeoutMs?: number
  /** false: return once the processes listen, without waiting for the quorum or the jobs (default true). */
  wait?: boolean
  jobsTimeoutMs?: number
  /** dist/supervise.js (default: beside the agent entry); '' runs processes unsupervised. */
  supervisorEntry?: string
  /** How long each process may take to listen (default 10 s). */
  readyTimeoutMs?: number
}

export interface UpResult {
  cluster: string
  /** Jobs from the platform file, submitted after the agents started. */
  jobs: PlatformJobResult[]
  /** URLs that answer through the proxies once the jobs run. */
  urls: string[]
  stateDir: string
  outcome: 'started' | 'already-running'
  started: string[]
  /** Task processes found without their node agent before starting (the nodes kill them as they start). */
  orphans: OrphanTasks[]
  /** Components whose recorded pids were dead (a crash): cleaned before starting. */
  cleaned: string[]
  kvEndpoints: string[]
  components: ComponentState[]
  /** The servers' Nomad HTTP API (NOMAD_ADDR), null without servers. */
  nomadAddr: string | null
  ms: number
}

export async function upPlatform(file: string, opts: UpOptions = {}): Promise<UpResult> {
  trace('up: command running')
  const platform = await loadPlatform(file)
  trace('up: platform file loaded')
  await checkDockerRuntime(platform, file)
  return withStateLock(platform.stateDir, platform.name, () => bringUp(file, platform, opts))
}

async function bringUp(file: string, loaded: Platform, opts: UpOptions): Promise<UpResult> {
  const t0 = performance.now()
  const reporter = tracedReporter(opts.reporter ?? silentReporter)
  trace('up: platform loaded, lock held')
  let platform = loaded
  let prev = await readState(platform.stateDir)
  const names = etcdMemberNames(platform)
  checkMembership(prev, names, file)
  const stale = [...findStale(prev), ...(prev ? await stopOrphanedChildren(platform.stateDir, prev) : [])]
  if (prev && stale.length > 0) {
    prev = cleanStale(prev, stale, new Date())
    await writeState(platform.stateDir, prev)
  }
  const running = new Set(prev?.components.filter((c) => c.pid !== null).map((c) => c.name) ?? [])
  const token = prev?.token ?? `zdev-${platform.name}-${randomBytes(4).toString('hex')}`
  const agentEntry = opts.agentEntry ?? defaultAgentEntry()
  const supervisor = opts.supervisorEntry === undefined ? defaultSupervisorEntry(agentEntry) : opts.supervisorEntry || undefined
  // Nothing runs: the supervisor (a node process) starts while the job files are parsed, not before etcd.
  const early = supervisor && running.size === 0 ? SupervisorClient.ensure(platform.stateDir, supervisorLaunch(platform, supervisor, token)) : undefined
  early?.catch(() => undefined)
  try {
    // Bad job files are found before anything starts: nothing is half-applied.
    const jobs = await loadPlatformJobs(platform)
    trace(`job files parsed (${jobs.length})`)
    // Images before any process: a failed build leaves nothing half-started.
    await buildPlatformImages(platform, reporter)
    const etcdBin = await ensureEtcd(opts)
    trace('images built, etcd located')
    // The file is read once; only when a proxy port is taken is it read again for the located error.
    if (!running.has('proxy-1') && (await Promise.all(platform.proxies.instances.map((p) => portInUse(p.port, p.host)))).some(Boolean)) platform = await loadPlatform(file, {checkPorts: true})
    const ports = await assignEtcdPorts(names, prev, running)
    const authPending = !readKvCredentials(platform.stateDir)
    const creds = ensureKvCredentials(platform.stateDir)
    writeKvGrants(platform, jobs)
    const wait = opts.wait !== false
    // --no-wait on a cluster whose auth is on: nothing waits for the quorum; the agents connect when they can
    const gated = wait || authPending
    const kvContainer = await kvContainerInputs(platform, etcdBin, agentEntry, reporter)
    // auth seen on in this data before (a warm `up`): the agents connect at the quorum, the auth step only confirms it
    const dataDirs = kvContainer ? [] : names.map((n) => etcdDataDir(platform, n))
    const authOn = !authPending && kvAuthKnownOn(dataDirs)
    // container members keep their WAL in a volume: started before, as far as the record tells
    const kvBootstrapped = kvContainer ? Boolean(prev?.components.some((c) => c.kind === 'etcd' && c.startedAt)) : dataDirs.every(hasWal)
    const full = planPlatform(platform, {etcdBin, ports, token, agentEntry, quorumTimeoutMs: opts.quorumTimeoutMs, supervisor, agentGate: [authOn ? QUORUM_STEP : AUTH_STEP], kvContainer, kvBootstrapped})
    const processSteps = gated ? full.steps : full.steps.filter((s) => s.kind !== 'wait-quorum').map(unsignalled)
    // Components no longer in the file (and not running) leave the record; etcd members never do.
    const planned = new Set(processSteps.map(stepName))
    if (prev) prev = {...prev, components: prev.components.filter((c) => c.kind === 'etcd' || c.pid !== null || planned.has(c.name))}
    const toStart = processSteps.filter((s) => s.kind === 'start' && !running.has(stepName(s))).map(stepName)
    const kvEndpoints = names.map((n) => `http://127.0.0.1:${ports[n]!.client}`)
    const orphans = findOrphanTasks(platform.name, platform.stateDir, prev)
    const base = {cluster: platform.name, stateDir: platform.stateDir, cleaned: stale.map((c) => c.name), kvEndpoints, orphans}
    const store = lazyStore(platform, kvEndpoints)
    try {
      if (toStart.length === 0 && prev) {
        // Like `compose up`: apply the file's jobs again, but only those whose file changed.
        const submitted = jobs.length ? await submitChangedJobs(store.get(), jobs, platform.stateDir) : []
        const urls = await answeringUrls(store.get(), platform)
        return {...base, outcome: 'already-running', started: [], jobs: submitted, urls, components: prev.components, nomadAddr: nomadAddr(platform, prev), ms: Math.round(performance.now() - t0)}
      }
      const now = new Date().toISOString()
      const initial: PlatformState = prev ?? {version: 1, cluster: platform.name, platformFile: platform.file, token, createdAt: now, updatedAt: now, components: []}
      const submitted: PlatformJobResult[] = []
      const steps: PlanStep[] = [...processSteps]
      if (gated) steps.push(authStep(platform, kvEndpoints, creds, dataDirs))
      const agents = processSteps.filter((s) => s.kind === 'start' && s.spec.kind !== 'etcd').map(stepName)
      const scheduling = wait && jobs.length > 0 && platform.nodes.length > 0 && platform.servers.count > 0
      // Jobs submitted before the nodes register would be placed on fewer nodes (or blocked).
      if (scheduling) steps.push(nodesStep(platform, store.get, [...platform.servers.names, ...platform.nodes.map((n) => n.name)]))
      if (jobs.length) steps.push(submitStep(platform, jobs, store.get, scheduling ? [nodesStepName(platform)] : gated ? [AUTH_STEP, ...agents] : processSteps.map(stepName), submitted))
      if (scheduling) steps.push(jobsRunningStep(jobs, store.get, opts.jobsTimeoutMs ?? 60_000))
      writePlatformCopy(platform)
      trace('plan ready')
      const state = await executePlan({...full, steps}, initial, {reporter, retain: opts.retain, running, readyTimeoutMs: opts.readyTimeoutMs, supervisor: early})
      const urls = await answeringUrls(store.get(), platform)
      trace('urls read; up returns')
      return {...base, outcome: 'started', started: toStart, jobs: submitted, urls, components: state.components, nomadAddr: nomadAddr(platform, state), ms: Math.round(performance.now() - t0)}
    } finally {
      store.close()
    }
  } finally {
    // handed to the executor, which uses it; this closes the connection either way
    ;(await early?.catch(() => undefined))?.close()
  }
}

/** --no-wait: agents are spawned and not waited for (proxies: until they listen). */
function unsignalled(s: PlanStep): PlanStep {
  if (s.kind !== 'start' || s.spec.ready.kind !== 'signal') return s
  const listen = s.spec.kind === 'proxy' && s.spec.endpoints[0] ? new URL(s.spec.endpoints[0]) : undefined
  return {...s, gate: [], spec: {...s.spec, ready: listen ? {kind: 'tcp', host: listen.hostname, port: Number(listen.port)} : {kind: 'none'}}}
}

/** One KV client for the steps that need one, connected on first use. */
function lazyStore(p: Platform, endpoints: string[]): {get: () => Store; close: () => void} {
  let store: Store | undefined
  return {
    get: () => (store ??= Store.connect(endpoints, p.name, 2000, readKvCredentials(p.stateDir)?.zdev)),
    close: () => store?.close(),
  }
}

/** dist/supervise.js beside the agent entry, when it exists. */
export function defaultSupervisorEntry(agentEntry: string): string | undefined {
  const f = path.join(path.dirname(agentEntry), 'supervise.js')
  return existsSync(f) ? f : undefined
}

/** dist/agent.js beside this module's folder (src/agent.ts compiled). */
export function defaultAgentEntry(): string {
  return fileURLToPath(new URL('../agent.js', import.meta.url))
}

/** http://<host>:<port> for each router with a Host rule, on each proxy. */
async function answeringUrls(store: Store, p: Platform): Promise<string[]> {
  return p.proxies.instances.length ? (await routesOf(store, p)).urls : []
}

/** etcd keeps its membership in its data: the member count cannot change under existing data. */
function checkMembership(prev: PlatformState | undefined, names: string[], file: string): void {
  const had = prev?.components.filter((c) => c.kind === 'etcd') ?? []
  const hasData = had.some((c) => c.dataDir && existsSync(c.dataDir))
  if (hasData && had.length !== names.length) {
    throw new UserError(`${file}: kv.members is ${names.length} but the existing cluster data has ${had.length} members`, {
      code: 'membership_changed',
      field: 'kv.members',
      hint: `set kv.members back to ${had.length}, or run \`zdev down --purge\` to start over with ${names.length} members (the data is lost)`,
    })
  }
}
