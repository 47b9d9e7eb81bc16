import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {ensureEtcd, type EnsureEtcdOptions} from '../kv/install-etcd.js'
import {nomadAddr} from './nomad-env.js'
import {loadPlatform} from './load.js'
import {etcdMemberNames, planPlatform} from './plan.js'
import {assignEtcdPorts} from './assign-ports.js'
import {executePlan} from './execute.js'
import {findStale, cleanStale} from './stale.js'
import {stopLeftoverChild} from './supervised-child.js'
import {ensureKvCredentials, readKvCredentials} from '../kv/credentials.js'
import {enableKvAuth} from '../kv/enable-auth.js'
import {writeKvGrants} from './kv-grants.js'
import {keys, platformKeyPrefixes} from '../store/keys.js'
import {readState, writeState, type ComponentState, type PlatformState} from './state.js'
import {silentReporter, type Reporter} from './progress.js'
import {stepName} from './spec.js'
import {withStateLock} from './state-lock.js'
import type {Platform} from './types.js'
import {fileURLToPath} from 'node:url'
import type {Job} from '../model/index.js'
import {Store} from '../store/store.js'
import {routesOf} from './routes.js'
import {findOrphanTasks, type OrphanTasks} from './orphan-tasks.js'
import path from 'node:path'
import {readClusterState} from '../store/cluster-state.js'
import {currentLeader} from '../store/leader-election.js'
import {buildPlatformImages, checkDockerRuntime} from './docker-runtime.js'
import {loadPlatformJobs, platformJobsHealth} from './platform-jobs.js'
import {submitChangedJobs, type PlatformJobResult} from './job-ledger.js'

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
  const platform = await loadPlatform(file)
  await checkDockerRuntime(platform, file)
  return withStateLock(platform.stateDir, platform.name, () => bringUp(file, platform, opts))
}

async function bringUp(file: string, loaded: Platform, opts: UpOptions): Promise<UpResult> {
  const t0 = performance.now()
  const reporter = opts.reporter ?? silentReporter
  let platform = loaded
  let prev = await readState(platform.stateDir)
  const names = etcdMemberNames(platform)
  checkMembership(prev, names, file)
  const stale = findStale(prev)
  if (prev && stale.length > 0) {
    for (const c of stale) await stopLeftoverChild(platform.stateDir, c)
    prev = cleanStale(prev, stale, new Date())
    await writeState(platform.stateDir, prev)
  }
  const running = new Set(prev?.components.filter((c) => c.pid !== null).map((c) => c.name) ?? [])
  // Bad job files are found before anything starts: nothing is half-applied.
  const jobs = await loadPlatformJobs(platform)
  // Images before any process: a failed build leaves nothing half-started.
  await buildPlatformImages(platform, reporter)
  const etcdBin = await ensureEtcd(opts)
  if (!running.has('proxy-1')) platform = await loadPlatform(file, {checkPorts: true})
  const ports = await assignEtcdPorts(names, prev, running)
  const token = prev?.token ?? `zdev-${platform.name}-${randomBytes(4).toString('hex')}`
  const authPending = !readKvCredentials(platform.stateDir)
  const creds = ensureKvCredentials(platform.stateDir)
  writeKvGrants(platform, jobs)
  const agentEntry = opts.agentEntry ?? defaultAgentEntry()
  const supervisor = opts.supervisorEntry === undefined ? defaultSupervisorEntry(agentEntry) : opts.supervisorEntry || undefined
  const full = planPlatform(platform, {etcdBin, ports, token, agentEntry, quorumTimeoutMs: opts.quorumTimeoutMs, supervisor})
  const plan = opts.wait === false && !authPending ? {...full, steps: full.steps.filter((s) => s.kind !== 'wait-quorum')} : full
  // Components no longer in the file (and not running) leave the record; etcd members never do.
  const planned = new Set(plan.steps.map(stepName))
  if (prev) prev = {...prev, components: prev.components.filter((c) => c.kind === 'etcd' || c.pid !== null || planned.has(c.name))}
  const toStart = plan.steps.filter((s) => s.kind === 'start' && !running.has(stepName(s))).map(stepName)
  const kvEndpoints = names.map((n) => `http://127.0.0.1:${ports[n]!.client}`)
  const orphans = findOrphanTasks(platform.name, platform.stateDir, prev)
  const base = {cluster: platform.name, stateDir: platform.stateDir, cleaned: stale.map((c) => c.name), kvEndpoints, orphans}
  if (toStart.length === 0 && prev) {
    // Like `compose up`: apply the file's jobs again, but only those whose file changed.
    const {submitted, urls} = await withStore(platform, kvEndpoints, async (store) => ({
      submitted: jobs.length ? await submitChangedJobs(store, jobs, platform.stateDir) : [],
      urls: await answeringUrls(store, platform),
    }))
    return {...base, outcome: 'already-running', started: [], jobs: submitted, urls, components: prev.components, nomadAddr: nomadAddr(platform, prev), ms: Math.round(performance.now() - t0)}
  }
  const now = new Date().toISOString()
  const initial: PlatformState = prev ?? {version: 1, cluster: platform.name, platformFile: platform.file, token, createdAt: now, updatedAt: now, components: []}
  const afterQuorum = () => enableKvAuth(kvEndpoints, {platform: platformKeyPrefixes(platform.name), data: keys(platform.name).data}, creds)
  const state = await executePlan(plan, initial, {reporter, retain: opts.retain, running, afterQuorum, readyTimeoutMs: opts.readyTimeoutMs})
  const {submitted, urls} = await withStore(platform, kvEndpoints, async (store) => {
    // Jobs submitted before the nodes register would be placed on fewer nodes (or blocked).
    if (opts.wait !== false && jobs.length && platform.nodes.length && platform.servers.count) {
      await runStep(reporter, `nodes ready (${platform.nodes.length})`, () => waitNodesReady(store, platform, 30_000))
    }
    const submitted = jobs.length ? await runStep(reporter, `jobs (${jobs.map((j) => j.ID).join(', ')})`, () => submitChangedJobs(store, jobs, platform.stateDir)) : []
    if (jobs.length && opts.wait !== false && platform.nodes.length && platform.servers.count) {
      await runStep(reporter, 'jobs running', () => waitJobsReady(store, jobs, opts.jobsTimeoutMs ?? 60_000))
    }
    return {submitted, urls: await answeringUrls(store, platform)}
  })
  return {...base, outcome: 'started', started: toStart, jobs: submitted, urls, components: state.components, nomadAddr: nomadAddr(platform, state), ms: Math.round(performance.now() - t0)}
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

async function withStore<T>(p: Platform, endpoints: string[], fn: (s: Store) => Promise<T>): Promise<T> {
  const store = Store.connect(endpoints, p.name, 2000, readKvCredentials(p.stateDir)?.zdev)
  try {
    return await fn(store)
  } finally {
    store.close()
  }
}

async function runStep<T>(reporter: Reporter, name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now()
  reporter({name, phase: 'running'})
  try {
    const r = await fn()
    reporter({name, phase: 'done', ms: Math.round(performance.now() - t)})
    return r
  } catch (err) {
    reporter({name, phase: 'failed', ms: Math.round(performance.now() - t), detail: err instanceof Error ? err.message : String(err)})
    throw err
  }
}

async function waitNodesReady(store: Store, p: Platform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const st = await readClusterState(store)
    const ready = st.nodes.filter((n) => n.Status === 'ready' && p.nodes.some((x) => x.name === n.Name)).length
    if (ready >= p.nodes.length && (await currentLeader(store))) return
    if (Date.now() > deadline) {
      throw new UserError(`Only ${ready} of ${p.nodes.length} nodes registered within ${Math.round(timeoutMs / 1000)} s.`, {code: 'nodes_not_ready', hint: `see the node logs in ${path.join(p.stateDir, 'logs')}.`})
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function waitJobsReady(store: Store, jobs: Job[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  for (;;) {
    const h = await platformJobsHealth(store, jobs)
    if (h.ready) return
    last = h.line
    if (Date.now() > deadline) throw new UserError(`The platform's jobs were not all running and healthy within ${Math.round(timeoutMs / 1000)} s (${last}).`, {code: 'jobs_not_ready', hint: 'see `zdev job status` and `zdev logs <job>`; the platform stays up.'})
    await new Promise((r) => setTimeout(r, 200))
  }
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
