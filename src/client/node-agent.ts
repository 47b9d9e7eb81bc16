import path from 'node:path'
import type {Driver} from '../drivers/index.js'
import {newId} from '../lib/ids.js'
import {createLogger, type Logger} from '../lib/log.js'
import type {Allocation, ClientStatus, Job, Node, ServiceRegistration, TaskState} from '../model/index.js'
import {appendEvent} from '../store/events.js'
import type {AllocStatusRecord} from '../store/records.js'
import {LeasedKeys} from '../store/registration.js'
import {Store} from '../store/store.js'
import {startAllocRunner, type AllocRunnerHandle} from './runner/alloc-runner.js'
import type {ResolvedService} from './runner/services.js'
import {buildNode, loadOrCreateNodeId, type NodeConfig} from './node-identity.js'
import {ClusterTemplateSource} from './template-source.js'
import {killOrphanTasks} from './orphan-tasks.js'
import {taskHostEnv} from './task-host-env.js'
import {kvGrantEnv, type KvGrant} from './kv-grant.js'
import type {KvAuth} from '../store/client.js'
import {trace} from './trace.js'

const RESYNC_MS = 15_000

const isTerminalClientStatus = (s: ClientStatus) => s === 'complete' || s === 'failed' || s === 'lost'
import {createNodeDrivers, fingerprintAll, type NodeDriverOptions, watchFingerprints, type FingerprintWatch} from './node-drivers.js'
import type {TaskRestartRequest} from '../store/alloc-requests.js'

export interface NodeAgentOptions extends NodeConfig, Pick<NodeDriverOptions, 'dockerEnv' | 'fingerprintIntervalMs'> {
  cluster: string
  endpoints: string[]
  stateDir: string // this node's folder: node id, alloc dirs
  ttlSeconds?: number
  auth?: KvAuth
  /** Tasks of the jobs listed in `grantsFile` get the KV (endpoints and this user). */
  kvGrant?: KvGrant
  log?: Logger
}

interface Running {
  handle: AllocRunnerHandle
  alloc: Allocation
  status: AllocStatusRecord
  services: ResolvedService[]
  healthyServices: Map<string, boolean>
  stopping: boolean
}

/**
 * A simulated client node: registers itself bound to a lease, runs the allocations the leader
 * places on it through its drivers, and reports their status, health and service instances
 * (all bound to the same lease, so they vanish with the node).
 */
export class NodeAgent {
  private readonly store: Store
  private readonly leased: LeasedKeys
  // Alloc statuses outlive the agent: after `down` → `up` they still say what each allocation
  // was (a stopped one stays complete); the leader marks the allocations of a lost node lost.
  private readonly statuses: LeasedKeys
  private stopping = false
  private resyncTimer: NodeJS.Timeout | null = null
  private readonly log: Logger
  private readonly runners = new Map<string, Running>()
  private readonly finished = new Set<string>()
  private readonly skipped = new Set<string>()
  private node!: Node
  private cancelWatch: (() => Promise<void>) | null = null
  private cancelRestarts: (() => Promise<void>) | null = null
  private restarting: Promise<void> = Promise.resolve()
  private syncing: Promise<void> = Promise.resolve()
  private drivers: Record<string, Driver> = {}
  private fingerprints: FingerprintWatch | null = null
  private readonly templates: ClusterTemplateSource

  constructor(private readonly opts: NodeAgentOptions) {
    this.store = Store.connect(opts.endpoints, opts.cluster, 2000, opts.auth)
    this.log = opts.log ?? createLogger(opts.name)
    this.templates = new ClusterTemplateSource(this.store, (m) => this.log(m))
    this.leased = new LeasedKeys(this.store, opts.ttlSeconds ?? 2, (s) => {
      this.log(`lease ${s}`)
      if (s === 'renewed') this.resync()
    })
    this.statuses = new LeasedKeys(this.store, 0)
  }

  /** Run `p` in the background; a failure is logged, never left unhandled. */
  private bg(what: string, p: Promise<unknown>): void {
    p.catch((err) => this.log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`))
  }

  get id(): string {
    return this.node.ID
  }

  async start(): Promise<void> {
    this.drivers = await createNodeDrivers(this.opts, this.log)
    const fps = await fingerprintAll(this.drivers)
    this.node = buildNode(loadOrCreateNodeId(this.opts.stateDir, newId), this.opts, fps)
    const orphans = await killOrphanTasks(this.opts.cluster, this.opts.name, this.opts.stateDir)
    if (orphans.length) this.log(`killed ${orphans.length} leftover task process group(s) of an earlier agent`, {pgids: orphans.join(',')})
    // In-place task restarts (`zdev watch` after a task's local source changed): consume and apply.
    // One pass at a time, so a request is never seen (and applied) twice.
    const take = () => this.bg('task restarts', (this.restarting = this.restarting.then(() => this.takeRestarts(), () => this.takeRestarts())))
    const prefix = this.store.keys.nodeAllocs(this.node.ID)
    // three independent chains at once (each a round trip or two): the registration, the alloc
    // watch (from the listing's revision, so nothing placed meanwhile is missed), the restart watch
    await Promise.all([
      (async () => {
        await this.leased.start()
        await this.leased.set(this.store.keys.node(this.node.ID), this.node)
      })(),
      (async () => {
        const first = await this.store.list<Allocation>(prefix)
        this.cancelWatch = await this.store.watch(prefix, () => this.resync(), first.revision)
      })(),
      (async () => {
        this.cancelRestarts = await this.store.watch(this.store.keys.taskRestarts(this.node.ID), take)
      })(),
    ])
    this.resync()
    take()
    // A safety net for anything a watch gap or a failed write left behind (the watch and a
    // renewed lease resync at once; this only bounds how long a lost event can go unseen).
    this.resyncTimer = setInterval(() => this.resync(), RESYNC_MS)
    this.resyncTimer.unref()
    this.log(`node ${this.node.Name} registered`, {id: this.node.ID, address: this.node.Address})
    // Drivers come and go (a Docker daemon started or stopped): the registration follows.
    this.fingerprints = watchFingerprints(this.drivers, fps, async (now, changed) => {
      this.node = {...buildNode(this.node.ID, this.opts, now), Status: this.node.Status, SchedulingEligibility: this.node.SchedulingEligibility, DrainStrategy: this.node.DrainStrategy}
      await this.leased.set(this.store.keys.node(this.node.ID), this.node)
      this.log(`drivers changed: ${changed.map((n) => `${n} ${now[n]!.Detected ? 'detected' : 'undetected'}`).join(', ')}`)
    }, (m) => this.log(m), this.opts.fingerprintIntervalMs)
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.fingerprints?.stop()
    if (this.resyncTimer) clearInterval(this.resyncTimer)
    // The statuses stay as they were: the allocations are restarted when the node comes back.
    await this.statuses.close()
    await this.cancelWatch?.().catch(() => undefined)
    await this.cancelRestarts?.().catch(() => undefined)
    await this.syncing
    await Promise.all([...this.runners.values()].map((r) => this.stopAlloc(r, 'node agent shutting down')))
    await this.templates.close()
    await this.leased.close()
    this.store.close()
  }

  private resync(): void {
    if (this.stopping) return
    this.syncing = this.syncing.then(() => this.sync()).catch((err) => this.log(`sync failed: ${err instanceof Error ? err.message : String(err)}`))
  }

  private async sync(): Promise<void> {
    const listing = await this.store.list<Allocation>(this.store.keys.nodeAllocs(this.node.ID))
    const desired = new Map(listing.items.map((e) => [e.value.ID, e.value]))
    for (const [id, r] of this.runners) {
      const a = desired.get(id)
      if (!a || a.DesiredStatus !== 'run') {
        if (!r.stopping) this.bg(`stopping alloc ${id}`, this.stopAlloc(r, a?.DesiredDescription || 'allocation removed'))
      } else if (a.JobVersion !== r.alloc.JobVersion) {
        const job = await this.jobAt(a)
        if (job) r.handle.update(a, job)
        r.alloc = a
        await this.registerServices(r)
      }
    }
    const fresh = [...desired.values()].filter((a) => a.DesiredStatus === 'run' && !this.runners.has(a.ID) && !this.finished.has(a.ID) && a.ClientStatus !== 'lost')
    // each new allocation's reads at once (its last status, its job), all allocations at once
    const looked = await Promise.all(fresh.map(async (a) => ({a, found: await Promise.all([this.store.get<AllocStatusRecord>(this.store.keys.allocStatus(a.ID)), this.jobAt(a)])})))
    for (const {a, found: [prev, job]} of looked) {
      if (this.stopping || this.runners.has(a.ID) || this.finished.has(a.ID)) continue
      // An allocation that ended before this agent (re)started stays ended.
      if (prev && isTerminalClientStatus(prev.value.ClientStatus)) {
        this.finished.add(a.ID)
        continue
      }
      trace(`alloc ${a.ID.slice(0, 8)} (${a.JobID}) seen; starting`)
      if (job) this.startAlloc(a, job)
    }
    for (const id of [...this.finished]) {
      if (!desired.has(id)) {
        this.finished.delete(id)
        await this.statuses.remove(this.store.keys.allocStatus(id))
      }
    }
  }

  private async takeRestarts(): Promise<void> {
    const l = await this.store.list<TaskRestartRequest>(this.store.keys.taskRestarts(this.node.ID))
    for (const e of l.items) {
      await this.store.delete(e.key)
      const id = decodeURIComponent(e.key.slice(e.key.lastIndexOf('/') + 1))
      const r = this.runners.get(id)
      if (!r || r.stopping) continue
      const done = await r.handle.restartTasks(e.value.Tasks, e.value.Reason, e.value.Refetch)
      this.log(`restarted task(s) ${done.join(', ') || '(none running)'} of alloc ${id}: ${e.value.Reason}`)
    }
  }

  /** The job version an allocation runs, or null when the job is gone (purged): never start it. */
  private async jobAt(a: Allocation): Promise<Job | null> {
    const [current, e] = await Promise.all([this.store.get<Job>(this.store.keys.job(a.JobID)), this.store.get<Job>(this.store.keys.jobVersion(a.JobID, a.JobVersion))])
    if (!current) {
      if (!this.skipped.has(a.ID)) this.log(`not starting alloc ${a.ID}: job ${a.JobID} no longer exists`)
      this.skipped.add(a.ID)
      return null
    }
    if (!e) this.log(`job ${a.JobID} v${a.JobVersion} not found for alloc ${a.ID}`)
    return e?.value ?? null
  }

  private startAlloc(alloc: Allocation, job: Job): void {
    const status: AllocStatusRecord = {ClientStatus: 'pending', ClientDescription: '', TaskStates: {}, DeploymentStatus: null, ModifyTime: Date.now()}
    const r = {alloc, status, services: [], healthyServices: new Map(), stopping: false} as unknown as Running
    this.runners.set(alloc.ID, r)
    const write = () => {
      if (this.stopping) return
      r.status.ModifyTime = Date.now()
      this.bg(`status write of alloc ${alloc.ID}`, this.statuses.set(this.store.keys.allocStatus(alloc.ID), {...r.status}))
    }
    r.handle = startAllocRunner({
      alloc,
      job,
      node: this.node,
      allocDir: path.join(this.opts.stateDir, 'allocs', alloc.ID),
      drivers: this.drivers,
      templateSource: this.templates,
      hostEnv: {...taskHostEnv(process.env, {cluster: this.opts.cluster, name: this.opts.name, dir: this.opts.stateDir}), ...kvGrantEnv(this.opts.kvGrant, job.ID)},
      events: {
        onTaskState: (task: string, state: TaskState) => ((r.status.TaskStates = {...r.status.TaskStates, [task]: state}), write()),
        onAllocStatus: (s, description) => {
          const was = r.status.ClientStatus
          r.status.ClientStatus = s
          trace(`alloc ${alloc.ID.slice(0, 8)} ${s}`)
          r.status.ClientDescription = description
          write()
          if (s !== was && (s === 'running' || s === 'failed') && !this.stopping) void appendEvent(this.store, `alloc-${s}`, `${alloc.Name} ${s} on ${this.node.Name}${description ? `: ${description}` : ''}`, Date.now())
        },
        onHealth: (healthy) => {
          r.status.DeploymentStatus = {Healthy: healthy, Canary: r.alloc.DeploymentStatus?.Canary ?? false, Timestamp: Date.now()}
          write()
        },
        onServices: (services) => {
          r.services = services
          this.bg(`service registration of alloc ${alloc.ID}`, this.registerServices(r))
        },
        onServiceChecks: (service, healthy) => {
          trace(`alloc ${alloc.ID.slice(0, 8)} service ${service} ${healthy ? 'passing' : 'critical'}`)
          r.healthyServices.set(service, healthy)
          this.bg(`service registration of alloc ${alloc.ID}`, this.registerServices(r))
        },
      },
    })
    write()
    this.bg(
      `alloc ${alloc.ID}`,
      r.handle.done.finally(async () => {
        this.runners.delete(alloc.ID)
        this.finished.add(alloc.ID)
        await this.deregisterServices(r)
      }),
    )
  }

  private instances(r: Running): ServiceRegistration[] {
    const canary = r.alloc.DeploymentStatus?.Canary ?? false
    return r.services.map((s) => ({
      ID: `${r.alloc.ID}-${s.name}-${s.portLabel}`,
      ServiceName: s.name,
      Namespace: r.alloc.Namespace,
      NodeID: this.node.ID,
      Datacenter: this.node.Datacenter,
      JobID: r.alloc.JobID,
      AllocID: r.alloc.ID,
      Tags: canary && s.canaryTags.length ? s.canaryTags : s.tags,
      Address: s.address,
      Port: s.port,
      Canary: canary,
      Healthy: s.checks.length === 0 ? true : (r.healthyServices.get(s.name) ?? false),
    }))
  }

  private async registerServices(r: Running): Promise<void> {
    if (!this.runners.has(r.alloc.ID) || r.stopping) return
    for (const inst of this.instances(r)) await this.leased.set(this.store.keys.service(inst.ServiceName, inst.ID), inst)
  }

  private async deregisterServices(r: Running): Promise<void> {
    for (const inst of this.instances(r)) {
      const key = this.store.keys.service(inst.ServiceName, inst.ID)
      if (this.leased.has(key)) await this.leased.remove(key).catch(() => undefined)
    }
  }

  private async stopAlloc(r: Running, reason: string): Promise<void> {
    r.stopping = true
    // Take the instances out of the catalog first, so proxies stop sending before the kill.
    await this.deregisterServices(r)
    r.services = []
    await r.handle.stop(reason)
  }
}
