import path from 'node:path'
import type {Driver} from '../drivers/index.js'
import {newId} from '../lib/ids.js'
import {createLogger, type Logger} from '../lib/log.js'
import type {Allocation, Job, Node, ServiceRegistration, TaskState} from '../model/index.js'
import {appendEvent} from '../store/events.js'
import type {AllocStatusRecord} from '../store/records.js'
import {LeasedKeys} from '../store/registration.js'
import {Store} from '../store/store.js'
import {startAllocRunner, type AllocRunnerHandle} from './runner/alloc-runner.js'
import {toTemplateService} from './runner/index.js'
import type {ResolvedService} from './runner/services.js'
import {buildNode, loadOrCreateNodeId, type NodeConfig} from './node-identity.js'
import {createNodeDrivers} from './node-drivers.js'

export interface NodeAgentOptions extends NodeConfig {
  cluster: string
  endpoints: string[]
  stateDir: string // this node's folder: node id, alloc dirs
  ttlSeconds?: number
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
  private readonly log: Logger
  private readonly runners = new Map<string, Running>()
  private readonly finished = new Set<string>()
  private node!: Node
  private cancelWatch: (() => Promise<void>) | null = null
  private syncing: Promise<void> = Promise.resolve()
  private drivers: Record<string, Driver> = {}

  constructor(private readonly opts: NodeAgentOptions) {
    this.store = Store.connect(opts.endpoints, opts.cluster)
    this.log = opts.log ?? createLogger(opts.name)
    this.leased = new LeasedKeys(this.store, opts.ttlSeconds ?? 2, (s) => this.log(`lease ${s}`))
  }

  get id(): string {
    return this.node.ID
  }

  async start(): Promise<void> {
    this.drivers = await createNodeDrivers(this.opts, this.log)
    const fps: Record<string, {Detected: boolean; Healthy: boolean; attributes: Record<string, string>}> = {}
    for (const [name, d] of Object.entries(this.drivers)) {
      const fp = await d.fingerprint()
      fps[name] = {Detected: fp.detected, Healthy: fp.healthy, attributes: fp.attributes}
    }
    this.node = buildNode(loadOrCreateNodeId(this.opts.stateDir, newId), this.opts, fps)
    await this.leased.start()
    await this.leased.set(this.store.keys.node(this.node.ID), this.node)
    const prefix = this.store.keys.nodeAllocs(this.node.ID)
    const first = await this.store.list<Allocation>(prefix)
    this.cancelWatch = await this.store.watch(prefix, () => this.resync(), first.revision)
    this.resync()
    this.log(`node ${this.node.Name} registered`, {id: this.node.ID, address: this.node.Address})
  }

  async stop(): Promise<void> {
    await this.cancelWatch?.()
    await this.syncing
    await Promise.all([...this.runners.values()].map((r) => this.stopAlloc(r, 'node agent shutting down')))
    await this.leased.close()
    this.store.close()
  }

  private resync(): void {
    this.syncing = this.syncing.then(() => this.sync()).catch((err) => this.log(`sync failed: ${err instanceof Error ? err.message : String(err)}`))
  }

  private async sync(): Promise<void> {
    const listing = await this.store.list<Allocation>(this.store.keys.nodeAllocs(this.node.ID))
    const desired = new Map(listing.items.map((e) => [e.value.ID, e.value]))
    for (const [id, r] of this.runners) {
      const a = desired.get(id)
      if (!a || a.DesiredStatus !== 'run') {
        if (!r.stopping) void this.stopAlloc(r, a?.DesiredDescription || 'allocation removed')
      }
      else if (a.JobVersion !== r.alloc.JobVersion) {
        const job = await this.jobAt(a)
        if (job) r.handle.update(a, job)
        r.alloc = a
        await this.registerServices(r)
      }
    }
    for (const a of desired.values()) {
      if (a.DesiredStatus !== 'run' || this.runners.has(a.ID) || this.finished.has(a.ID) || a.ClientStatus === 'lost') continue
      const job = await this.jobAt(a)
      if (job) this.startAlloc(a, job)
    }
    for (const id of [...this.finished]) {
      if (!desired.has(id)) {
        this.finished.delete(id)
        await this.leased.remove(this.store.keys.allocStatus(id))
      }
    }
  }

  private async jobAt(a: Allocation): Promise<Job | null> {
    const e = await this.store.get<Job>(this.store.keys.jobVersion(a.JobID, a.JobVersion))
    if (!e) this.log(`job ${a.JobID} v${a.JobVersion} not found for alloc ${a.ID}`)
    return e?.value ?? null
  }

  private startAlloc(alloc: Allocation, job: Job): void {
    const status: AllocStatusRecord = {ClientStatus: 'pending', ClientDescription: '', TaskStates: {}, DeploymentStatus: null, ModifyTime: Date.now()}
    const r = {alloc, status, services: [], healthyServices: new Map(), stopping: false} as unknown as Running
    this.runners.set(alloc.ID, r)
    const write = () => {
      r.status.ModifyTime = Date.now()
      void this.leased.set(this.store.keys.allocStatus(alloc.ID), r.status).catch((err) => this.log(`status write failed: ${err}`))
    }
    r.handle = startAllocRunner({
      alloc,
      job,
      node: this.node,
      allocDir: path.join(this.opts.stateDir, 'allocs', alloc.ID),
      drivers: this.drivers,
      lookupServices: async (name: string) => (await this.store.list<ServiceRegistration>(this.store.keys.serviceInstances(name))).items.map((e) => toTemplateService(e.value)),
      events: {
        onTaskState: (task: string, state: TaskState) => ((r.status.TaskStates = {...r.status.TaskStates, [task]: state}), write()),
        onAllocStatus: (s, description) => {
          const was = r.status.ClientStatus
          r.status.ClientStatus = s
          r.status.ClientDescription = description
          write()
          if (s !== was && (s === 'running' || s === 'failed')) void appendEvent(this.store, `alloc-${s}`, `${alloc.Name} ${s} on ${this.node.Name}${description ? `: ${description}` : ''}`, Date.now())
        },
        onHealth: (healthy) => {
          r.status.DeploymentStatus = {Healthy: healthy, Canary: r.alloc.DeploymentStatus?.Canary ?? false, Timestamp: Date.now()}
          write()
        },
        onServices: (services) => {
          r.services = services
          void this.registerServices(r)
        },
        onServiceChecks: (service, healthy) => {
          r.healthyServices.set(service, healthy)
          void this.registerServices(r)
        },
      },
    })
    write()
    void r.handle.done.then(async () => {
      await this.deregisterServices(r)
      this.runners.delete(alloc.ID)
      this.finished.add(alloc.ID)
    })
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
    if (!this.runners.has(r.alloc.ID)) return
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
