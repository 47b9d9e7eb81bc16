// A harness that plays the planner: registers jobs (versioning them like the store), runs the
// scheduler, records every submitted plan, applies it, and lets tests act as the clients
// (status changes, health) and the operators (drain, node down).
import type {Allocation, ClientStatus, Deployment, Job, Node} from '../../src/model/index.js'
import {isPlanEmpty, type Plan} from '../../src/model/plan.js'
import {applyPlan, schedule, type ScheduleOptions, type Snapshot} from '../../src/scheduler/index.js'
import {deepEqual} from '../../src/scheduler/tasks-updated.js'
import {idGen, liveAllocs, makeEval} from './fixtures.js'

export class Harness {
  snap: Snapshot
  now = 1_700_000_000_000
  plans: Plan[] = []
  readonly newId = idGen('a')
  private evalSeq = 0
  options: Partial<ScheduleOptions> = {} // e.g. the preemption configuration

  constructor(nodes: Node[]) {
    this.snap = {jobs: {}, nodes, allocs: [], deployments: [], jobVersions: {}}
  }

  /** Stores a job as the servers would: a new version when it changed. */
  register(job: Job): Job {
    const old = this.snap.jobs[job.ID]
    let version = 0
    const versions = {...(this.snap.jobVersions ?? {})}
    if (old) {
      const same = deepEqual({...old, Version: 0}, {...job, Version: 0})
      version = same ? (old.Version ?? 0) : (old.Version ?? 0) + 1
      if (!same) versions[job.ID] = [...(versions[job.ID] ?? []), old]
    }
    const stored = {...job, Version: version}
    this.snap = {...this.snap, jobs: {...this.snap.jobs, [job.ID]: stored}, jobVersions: versions}
    return stored
  }

  deregister(jobId: string): void {
    const jobs = {...this.snap.jobs}
    delete jobs[jobId]
    this.snap = {...this.snap, jobs}
  }

  /** Runs one evaluation for the job, records and applies the plan. */
  process(jobId: string, trigger: Parameters<typeof makeEval>[2] = 'job-register'): Plan {
    const job = this.snap.jobs[jobId] ?? {ID: jobId, Type: 'service' as const, Namespace: 'default', Priority: 50}
    const ev = makeEval(job, `eval-${++this.evalSeq}`, trigger)
    const plan = schedule(this.snap, ev, {...this.options, now: this.now, newId: this.newId})
    this.plans.push(plan)
    this.snap = applyPlan(this.snap, plan)
    return plan
  }

  /** Processes until the scheduler has nothing more to do; returns the number of rounds. */
  converge(jobId: string, maxRounds = 10): number {
    for (let i = 1; i <= maxRounds; i++) {
      const plan = this.process(jobId)
      if (isPlanEmpty(plan)) return i
      this.setClient((a) => a.ClientStatus === 'pending' && a.DesiredStatus === 'run', 'running')
    }
    throw new Error(`job ${jobId} did not converge in ${maxRounds} rounds`)
  }

  live(jobId: string): Allocation[] {
    return liveAllocs(this.snap.allocs, jobId)
  }

  patchAllocs(pred: (a: Allocation) => boolean, patch: (a: Allocation) => Partial<Allocation>): Allocation[] {
    const changed: Allocation[] = []
    this.snap = {
      ...this.snap,
      allocs: this.snap.allocs.map((a) => {
        if (!pred(a)) return a
        const b = {...a, ...patch(a), ModifyTime: this.now}
        changed.push(b)
        return b
      }),
    }
    return changed
  }

  setClient(pred: (a: Allocation) => boolean, status: ClientStatus): Allocation[] {
    return this.patchAllocs(pred, () => ({ClientStatus: status}))
  }

  markHealthy(pred: (a: Allocation) => boolean, healthy = true): Allocation[] {
    return this.patchAllocs(pred, (a) => ({ClientStatus: 'running', DeploymentStatus: {Healthy: healthy, Canary: a.DeploymentStatus?.Canary ?? false, Timestamp: this.now}}))
  }

  patchNode(id: string, patch: Partial<Node>): void {
    this.snap = {...this.snap, nodes: this.snap.nodes.map((n) => (n.ID === id ? {...n, ...patch} : n))}
  }

  patchDeployment(id: string, patch: (d: Deployment) => Deployment): void {
    this.snap = {...this.snap, deployments: this.snap.deployments.map((d) => (d.ID === id ? patch(d) : d))}
  }

  advance(ms: number): void {
    this.now += ms
  }
}

export function placed(plan: Plan): Allocation[] {
  return Object.values(plan.NodeAllocation).flat().filter((a) => a.EvalID === plan.EvalID && a.DesiredStatus === 'run')
}

export function stopped(plan: Plan): Allocation[] {
  return Object.values(plan.NodeUpdate).flat()
}
