import type {Allocation, Deployment, Job} from '../model/index.js'
import type {DeploymentRequest} from '../store/deployment-requests.js'
import type {AllocRequest} from '../store/alloc-requests.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import {revertJob} from '../store/jobs.js'
import {deploymentDecision, promotedGroup} from '../scheduler/index.js'
import type {LeaderContext} from './leader-context.js'

/**
 * Reacts to what clients report: a failed allocation gets its job re-evaluated (the scheduler
 * applies the reschedule policy); allocation health moves deployments forward (the next batch
 * of a rolling update is placed by a new evaluation), fails them past their deadlines, and
 * reverts the job to its last stable version when auto_revert says so.
 */
export class AllocWatcher {
  private readonly handledFailures = new Set<string>()
  private readonly lastDrainEval = new Map<string, number>()

  constructor(private readonly ctx: LeaderContext) {}

  /**
   * One pass over what clients reported. Returns true while time alone can change the outcome
   * (a deployment is running: its deadlines; a node drains: its pacing), so the leader checks
   * again in a second; otherwise only a KV change brings the next pass.
   */
  async check(): Promise<boolean> {
    await this.applyRequests()
    const st = await readClusterState(this.ctx.store)
    await this.rescheduleFailed(st)
    await this.watchDeployments(st)
    await this.paceDrains(st)
    return st.deployments.some((d) => d.Status === 'running') || st.nodes.some((n) => n.DrainStrategy && n.Status === 'ready')
  }

  /**
   * A drain moves max_parallel allocations at a time and the next batch once the replacements
   * are healthy (or all at once past the deadline): the scheduler decides, so while a node drains
   * its jobs are re-evaluated as time passes — at most once a second each, never while one waits.
   */
  private async paceDrains(st: ClusterState): Promise<void> {
    const draining = new Set(st.nodes.filter((n) => n.DrainStrategy && n.Status === 'ready').map((n) => n.ID))
    if (draining.size === 0) return
    const now = this.ctx.now()
    const jobs = new Set(st.allocs.filter((a) => draining.has(a.NodeID) && a.DesiredStatus === 'run' && !['complete', 'failed', 'lost'].includes(a.ClientStatus)).map((a) => a.JobID))
    for (const id of jobs) {
      const job = st.jobs[id]
      if (!job || st.evals.some((e) => e.JobID === id && e.Status === 'pending')) continue
      if (now - (this.lastDrainEval.get(id) ?? 0) < 1000) continue
      this.lastDrainEval.set(id, now)
      await this.ctx.createEval(job, 'node-drain')
    }
  }

  /** Stop allocations as users asked; the evaluation that follows places replacements. */
  private async applyAllocRequests(): Promise<void> {
    const reqs = await this.ctx.store.list<AllocRequest>(this.ctx.store.keys.allocRequests)
    if (reqs.items.length === 0) return
    const st = await readClusterState(this.ctx.store)
    for (const r of reqs.items) {
      const id = decodeURIComponent(r.key.slice(this.ctx.store.keys.allocRequests.length))
      const a = st.allocs.find((x) => x.ID === id)
      if (a && a.DesiredStatus === 'run') {
        const desired = (await this.ctx.store.get<Allocation>(this.ctx.store.keys.alloc(a.NodeID, a.ID)))?.value
        if (desired) {
          await this.ctx.store.put(this.ctx.store.keys.alloc(a.NodeID, a.ID), {...desired, DesiredStatus: 'stop', DesiredDescription: 'alloc is being migrated (stopped by the user)', ModifyTime: this.ctx.now()})
          this.ctx.event('alloc-stopped', `allocation ${a.Name} (${a.ID.slice(0, 8)}) on ${a.NodeName} stopped by the user`)
          if (st.jobs[a.JobID]) await this.ctx.createEval(st.jobs[a.JobID], 'alloc-stop')
        }
      }
      await this.ctx.store.delete(r.key)
    }
  }

  /** Promote or fail deployments as users asked (`zdev deployment promote|fail`). */
  private async applyRequests(): Promise<void> {
    await this.applyAllocRequests()
    const reqs = await this.ctx.store.list<DeploymentRequest>(this.ctx.store.keys.deploymentRequests)
    for (const r of reqs.items) {
      const id = decodeURIComponent(r.key.slice(this.ctx.store.keys.deploymentRequests.length))
      const d = (await this.ctx.store.get<Deployment>(this.ctx.store.keys.deployment(id)))?.value
      if (d && d.Status === 'running') {
        if (r.value.Action === 'promote') {
          const groups = {...d.TaskGroups}
          for (const [name, g] of Object.entries(groups)) if (!r.value.Groups || r.value.Groups.includes(name)) groups[name] = promotedGroup(g, this.ctx.now())
          await this.ctx.store.put(this.ctx.store.keys.deployment(id), {...d, TaskGroups: groups, StatusDescription: 'Deployment is running', ModifyTime: this.ctx.now()})
          this.ctx.event('deployment-promoted', `deployment ${id.slice(0, 8)} of job ${d.JobID} promoted by the user`)
        } else {
          // As Nomad's FailDeployment: auto_revert rolls the job back to its latest stable version.
          const target = Object.values(d.TaskGroups).some((g) => g.AutoRevert) ? await this.stableBefore(d) : undefined
          const desc = target === undefined ? 'Deployment marked as failed' : `Deployment marked as failed - rolling back to job version ${target}`
          await this.ctx.store.put(this.ctx.store.keys.deployment(id), {...d, Status: 'failed', StatusDescription: desc, ModifyTime: this.ctx.now()})
          this.ctx.event('deployment-failed', `deployment ${id.slice(0, 8)} of job ${d.JobID} failed by the user`)
          if (target !== undefined) {
            const r = await revertJob(this.ctx.store, d.JobID, target, {now: this.ctx.now, newId: this.ctx.newId})
            this.ctx.event('deployment-reverted', `job ${d.JobID} reverted to v${target} (now v${r.version})`)
          }
        }
        const job = (await this.ctx.store.get<Job>(this.ctx.store.keys.job(d.JobID)))?.value
        if (job) await this.ctx.createEval(job, 'deployment-watcher', {DeploymentID: id})
      }
      await this.ctx.store.delete(r.key)
    }
  }

  /** The newest stable version older than the deployment's (the revert target), if any. */
  private async stableBefore(d: Deployment): Promise<number | undefined> {
    const st = await readClusterState(this.ctx.store)
    const stable = (st.jobVersions[d.JobID] ?? []).filter((j) => j.Stable === true && (j.Version ?? 0) < d.JobVersion).map((j) => j.Version ?? 0)
    return stable.length > 0 ? Math.max(...stable) : undefined
  }

  private async rescheduleFailed(st: ClusterState): Promise<void> {
    const jobs = new Set<string>()
    for (const a of st.allocs) {
      if (a.ClientStatus !== 'failed' || a.DesiredStatus !== 'run' || a.NextAllocation || this.handledFailures.has(a.ID)) continue
      this.handledFailures.add(a.ID)
      this.ctx.event('alloc-failed', `allocation ${a.Name} (${a.ID.slice(0, 8)}) failed on ${a.NodeName}: ${a.ClientDescription || 'task failed'}`)
      jobs.add(a.JobID)
    }
    for (const id of jobs) if (st.jobs[id]) await this.ctx.createEval(st.jobs[id], 'alloc-failure')
  }

  private async watchDeployments(st: ClusterState): Promise<void> {
    for (const d of st.deployments.filter((x) => x.Status === 'running')) {
      const job = st.jobs[d.JobID]
      if (!job) continue
      const allocs = st.allocs.filter((a: Allocation) => a.DeploymentID === d.ID)
      const stable = (st.jobVersions[d.JobID] ?? []).filter((j) => j.Stable === true).map((j) => j.Version ?? 0).sort((a, b) => b - a)
      const decision = deploymentDecision(d, job, allocs, this.ctx.now(), stable)
      const groups = {...d.TaskGroups}
      for (const [name, g] of Object.entries(decision.groups)) {
        const placed = allocs.filter((a) => a.TaskGroup === name).length
        groups[name] = {...groups[name], PlacedAllocs: placed, HealthyAllocs: g.healthy, UnhealthyAllocs: g.unhealthy, RequireProgressBy: g.requireProgressBy}
      }
      for (const name of decision.promote) groups[name] = promotedGroup(groups[name]!, this.ctx.now())
      const updated: Deployment = {...d, TaskGroups: groups, Status: decision.status, StatusDescription: decision.description}
      const changed = JSON.stringify(updated) !== JSON.stringify(d)
      if (!changed) continue
      // the version is stable before anyone can read the deployment as successful
      const v = decision.status === 'successful' ? (st.jobVersions[d.JobID] ?? []).find((j) => j.Version === d.JobVersion) : undefined
      if (v) await this.ctx.store.put(this.ctx.store.keys.jobVersion(d.JobID, d.JobVersion), {...v, Stable: true})
      await this.ctx.store.put(this.ctx.store.keys.deployment(d.ID), {...updated, ModifyTime: this.ctx.now()})
      if (decision.promote.length) this.ctx.event('deployment-promoted', `deployment ${d.ID.slice(0, 8)} of job ${d.JobID}: canaries auto-promoted (${decision.promote.join(', ')})`)
      if (decision.status === 'failed') {
        this.ctx.event('deployment-failed', `deployment ${d.ID.slice(0, 8)} of job ${d.JobID} v${d.JobVersion} failed: ${decision.description}`)
        if (decision.revertTo !== undefined) {
          const r = await revertJob(this.ctx.store, d.JobID, decision.revertTo, {now: this.ctx.now, newId: this.ctx.newId})
          this.ctx.event('deployment-reverted', `job ${d.JobID} reverted to v${decision.revertTo} (now v${r.version})`)
          continue
        }
      } else if (decision.status === 'successful') {
        this.ctx.event('deployment-successful', `deployment ${d.ID.slice(0, 8)} of job ${d.JobID} v${d.JobVersion} is successful`)
      }
      // health moved or the deployment ended: let the scheduler place the next batch / clean up
      await this.ctx.createEval(job, 'deployment-watcher', {DeploymentID: d.ID})
    }
  }
}
