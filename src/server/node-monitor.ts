import type {Node} from '../model/index.js'
import {isTerminal} from '../model/allocation.js'
import {readClusterState} from '../store/cluster-state.js'
import type {NodeStatusRecord} from '../store/records.js'
import type {LeaderContext} from './leader-context.js'

/**
 * Turns node registrations appearing and vanishing (lease expiry) into node-status records,
 * events and evaluations: a node that goes down gets its jobs re-evaluated (its allocations are
 * lost and replaced); a node that comes up gets system jobs placed and blocked evaluations retried.
 */
export class NodeMonitor {
  private readonly up = new Set<string>()
  private readonly graceTimers = new Map<string, NodeJS.Timeout>()

  /**
   * @param graceMs how long a node that was ready before this leader was elected may take to
   *   register again before it is declared down (Nomad's failover heartbeat TTL): on a warm
   *   `up` the servers start before the nodes, and no node must be declared down for that.
   */
  constructor(
    private readonly ctx: LeaderContext,
    private readonly graceMs = 20_000,
  ) {}

  /** Reconcile with what the KV holds when this server becomes leader. */
  async init(): Promise<void> {
    const st = await readClusterState(this.ctx.store)
    const statuses = await this.ctx.store.list<NodeStatusRecord>(this.ctx.store.keys.nodeStatuses)
    const recorded = new Map(statuses.items.map((e) => [e.value.Node.ID, e.value]))
    for (const n of st.nodes) {
      if (n.Status === 'ready') {
        this.up.add(n.ID)
        if (recorded.get(n.ID)?.Status !== 'ready') await this.nodeUp(n)
      } else if (recorded.get(n.ID)?.Status === 'ready' && !this.up.has(n.ID)) {
        this.startGrace(n.ID, n.Name)
      }
    }
  }

  /** Stop the grace timers (leadership lost). */
  stop(): void {
    for (const t of this.graceTimers.values()) clearTimeout(t)
    this.graceTimers.clear()
    this.ctx.graceNodes.clear()
  }

  private startGrace(id: string, name: string): void {
    this.ctx.graceNodes.add(id)
    this.ctx.log(`node ${name} is not registered yet; waiting ${this.graceMs} ms before declaring it down`)
    const t = setTimeout(() => {
      this.graceTimers.delete(id)
      this.ctx.graceNodes.delete(id)
      if (this.up.has(id)) return
      this.nodeDown(id).catch((err) => this.ctx.log(`node monitor: ${err instanceof Error ? err.message : String(err)}`))
    }, this.graceMs)
    t.unref()
    this.graceTimers.set(id, t)
  }

  private endGrace(id: string): void {
    clearTimeout(this.graceTimers.get(id))
    this.graceTimers.delete(id)
    this.ctx.graceNodes.delete(id)
  }

  async onRegistration(node: Node): Promise<void> {
    this.endGrace(node.ID)
    if (this.up.has(node.ID)) {
      // a re-registration (attributes may have changed): keep the leader's copy current
      await this.record(node, 'ready')
      return
    }
    this.up.add(node.ID)
    await this.nodeUp(node)
  }

  async onDeregistration(nodeId: string): Promise<void> {
    if (this.graceTimers.has(nodeId)) return // its grace timer decides
    if (!this.up.delete(nodeId)) return
    await this.nodeDown(nodeId)
  }

  private async record(node: Node, status: 'ready' | 'down'): Promise<void> {
    const rec: NodeStatusRecord = {Node: {...node, Status: status}, Status: status, StatusUpdatedAt: this.ctx.now()}
    await this.ctx.store.put(this.ctx.store.keys.nodeStatus(node.ID), rec)
  }

  private async nodeUp(node: Node): Promise<void> {
    await this.record(node, 'ready')
    this.ctx.event('node-up', `node ${node.Name} is ready (${node.Address}, dc ${node.Datacenter})`)
    const st = await readClusterState(this.ctx.store)
    for (const job of Object.values(st.jobs)) {
      const blocked = st.evals.some((e) => e.JobID === job.ID && e.Status === 'blocked')
      if (blocked || ((job.Type === 'system' || job.Type === 'sysbatch') && !job.Stop)) await this.ctx.createEval(job, 'node-update', {NodeID: node.ID})
    }
    for (const e of st.evals.filter((x) => x.Status === 'blocked')) await this.ctx.setEval(e, 'canceled', `superseded: node ${node.Name} came up`)
  }

  private async nodeDown(nodeId: string): Promise<void> {
    const rec = await this.ctx.store.get<NodeStatusRecord>(this.ctx.store.keys.nodeStatus(nodeId))
    if (!rec) return
    await this.record(rec.value.Node, 'down')
    const st = await readClusterState(this.ctx.store)
    const affected = new Set(st.allocs.filter((a) => a.NodeID === nodeId && !isTerminal(a)).map((a) => a.JobID))
    this.ctx.event('node-down', `node ${rec.value.Node.Name} is down (lease expired); ${affected.size} job(s) affected`)
    for (const id of affected) if (st.jobs[id]) await this.ctx.createEval(st.jobs[id], 'node-update', {NodeID: nodeId})
  }
}
