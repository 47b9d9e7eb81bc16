// The service and batch scheduler: reconcile every group, then carry out stops, in-place
// updates and placements against one proposal of the cluster.
import type {Allocation, Deployment, Evaluation, Job, TaskGroup} from '../model/index.js'
import {emptyDesiredUpdates, emptyPlan, type Plan} from '../model/plan.js'
import {DESC, stoppedCopy} from './alloc-build.js'
import {cancelOutdated, jobDeployments, newDeployment, ACTIVE} from './deployments.js'
import {releaseAlloc, type EvalContext} from './eval-context.js'
import {placeRequests, placerFor} from './place.js'
import {nodeInScope, staticReason} from './feasible.js'
import {appendAlloc, appendUpdate, followupEvals} from './plan-build.js'
import {freshRequests, reconcileGroup, type GroupResult} from './reconcile-group.js'
import {GENERIC_STACK} from './stack.js'
import type {Snapshot} from './types.js'

function oldGroupLookup(snap: Snapshot, job: Job) {
  const versions = snap.jobVersions?.[job.ID] ?? []
  return (version: number, group: string): {job: Job; tg: TaskGroup} | undefined => {
    const old = versions.find((j) => (j.Version ?? 0) === version)
    const tg = old?.TaskGroups.find((t) => t.Name === group)
    return old && tg ? {job: old, tg} : undefined
  }
}

export function scheduleGeneric(ctx: EvalContext, snap: Snapshot, ev: Evaluation, job: Job | null, plan: Plan = emptyPlan(ev.ID, ev.JobID, ev.Priority)): Plan {
  const allocs = ctx.st.allocsByJob.get(ev.JobID) ?? []
  const deps = jobDeployments(snap.deployments, {ID: ev.JobID, Namespace: job?.Namespace ?? ev.Namespace})
  plan.DeploymentUpdates.push(...cancelOutdated(deps, job))
  if (!job || job.Stop) {
    for (const a of allocs) {
      const du = (plan.Annotations.DesiredTGUpdates[a.TaskGroup] ??= emptyDesiredUpdates())
      du.Stop += stopAll(ctx, plan, [a], DESC.jobStopped)
    }
    return plan
  }
  const version = job.Version ?? 0
  const current = deps.find((d) => d.JobVersion === version) ?? null
  const lookup = oldGroupLookup(snap, job)
  const byId = new Map(deps.map((d) => [d.ID, d]))
  const results: GroupResult[] = []
  const byGroup = new Map<string, Allocation[]>()
  for (const a of allocs) {
    let l = byGroup.get(a.TaskGroup)
    if (!l) byGroup.set(a.TaskGroup, (l = []))
    l.push(a)
  }
  for (const [name, list] of byGroup) {
    if (job.TaskGroups.some((t) => t.Name === name)) continue
    const du = emptyDesiredUpdates()
    du.Stop = stopAll(ctx, plan, list, DESC.notNeeded)
    plan.Annotations.DesiredTGUpdates[name] = du
  }
  for (const tg of job.TaskGroups) {
    const r = reconcileGroup({job, tg, allocs: byGroup.get(tg.Name) ?? [], st: ctx.st, now: ctx.now, deployment: current, deployments: byId, oldGroup: lookup})
    results.push(r)
    plan.Annotations.DesiredTGUpdates[tg.Name] = r.desired
    if (r.destructiveReason) (plan.Annotations.DestructiveReasons ??= {})[tg.Name] = r.destructiveReason
  }
  let deployment: Deployment | null = current && ACTIVE.has(current.Status) ? current : null
  const needing = job.Type === 'service' ? results.filter((r) => r.needsDeployment) : []
  if (!current && needing.length > 0) {
    deployment = newDeployment(ctx.newId(), job, ctx.now, needing.map((r) => ({name: r.group, canaries: r.requiresCanaries})))
    if (Object.keys(deployment.TaskGroups).length === 0) deployment = null
    plan.Deployment = deployment
  }
  for (const r of results) {
    for (const s of r.stops) {
      releaseAlloc(ctx, s.alloc)
      appendUpdate(plan, stoppedCopy(s.alloc, ctx.now, s.desc, s.lost ? {client: 'lost'} : {}))
    }
  }
  for (const r of results) {
    demoteInfeasibleInPlace(ctx, r)
    const g = r.group
    if (r.destructiveReason) (plan.Annotations.DestructiveReasons ??= {})[g] = r.destructiveReason
  }
  for (const r of results) {
    for (const a of r.inPlace) {
      const tg = job.TaskGroups.find((t) => t.Name === a.TaskGroup)!
      const depId = deployment?.TaskGroups[tg.Name] ? deployment.ID : a.DeploymentID
      // Moved into a new deployment it starts afresh there: not its canary, health unknown (Nomad).
      const status = depId === a.DeploymentID ? a.DeploymentStatus : null
      appendAlloc(plan, {...a, JobVersion: version, DeploymentID: depId, DeploymentStatus: status, ModifyTime: ctx.now})
    }
  }
  for (const r of results) {
    const depId = deployment && deployment.TaskGroups[r.group] ? deployment.ID : null
    placeRequests(ctx, plan, r.places, depId)
    placeRequests(ctx, plan, freshRequests(job, r, job.TaskGroups.find((t) => t.Name === r.group)!), depId)
  }
  followupEvals(ctx, plan, ev, results.flatMap((r) => r.later))
  return plan
}

function stopAll(ctx: EvalContext, plan: Plan, allocs: Allocation[], desc: string): number {
  let n = 0
  for (const a of allocs) {
    if (a.DesiredStatus !== 'run' || a.ClientStatus === 'complete' || a.ClientStatus === 'failed' || a.ClientStatus === 'lost') continue
    releaseAlloc(ctx, a)
    appendUpdate(plan, stoppedCopy(a, ctx.now, desc))
    n++
  }
  return n
}

/**
 * An in-place update keeps the allocation on its node, so the node must still pass the new
 * version's constraints and drivers; where it does not, the update becomes destructive.
 */
function demoteInfeasibleInPlace(ctx: EvalContext, r: GroupResult): void {
  if (r.inPlace.length === 0) return
  const keep: Allocation[] = []
  for (const a of r.inPlace) {
    const tg = ctx.job.TaskGroups.find((t) => t.Name === a.TaskGroup)!
    const i = ctx.st.index.get(a.NodeID)
    const node = ctx.st.nodeById.get(a.NodeID)
    if (i !== undefined && node && nodeInScope(ctx.job, node) && staticReason(ctx, GENERIC_STACK.staticStages, placerFor(ctx, tg), node, i) === null) {
      keep.push(a)
      continue
    }
    r.places.push({tg, name: a.Name, kind: 'destructive', previous: a})
    r.destructiveReason ??= 'node no longer feasible'
    r.desired.InPlaceUpdate--
    r.desired.DestructiveUpdate++
  }
  r.inPlace = keep
}
