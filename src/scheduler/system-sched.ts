// The system and sysbatch scheduler: one allocation of each group on every feasible node.
import type {Allocation, Job, Node} from '../model/index.js'
import {emptyDesiredUpdates, type Plan} from '../model/plan.js'
import {buildAlloc, DESC, stoppedCopy} from './alloc-build.js'
import {isHealthy} from './classify.js'
import {releaseAlloc, reserveAlloc, type EvalContext} from './eval-context.js'
import {commitPreemptions, findPreemptions} from './preempt.js'
import {filterNode, nodeInScope} from './feasible.js'
import {newMetric, recordExhausted} from './metrics.js'
import {recordFilter} from './select.js'
import {placerFor} from './place.js'
import {appendAlloc, appendUpdate} from './plan-build.js'
import {checkFit} from './resources.js'
import {usageAt} from './eval-context.js'
import {tasksUpdated} from './tasks-updated.js'
import {SYSTEM_STACK} from './stack.js'
import type {Snapshot} from './types.js'


function isLive(a: Allocation): boolean {
  return a.DesiredStatus === 'run' && a.ClientStatus !== 'complete' && a.ClientStatus !== 'failed' && a.ClientStatus !== 'lost'
}

export function scheduleSystem(ctx: EvalContext, snap: Snapshot, job: Job, plan: Plan): Plan {
  const allocs = ctx.st.allocsByJob.get(job.ID) ?? []
  const nodes = ctx.st.nodes.slice().sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0))
  const version = job.Version ?? 0
  const versions = snap.jobVersions?.[job.ID] ?? []
  for (const tg of job.TaskGroups) {
    const du = emptyDesiredUpdates()
    plan.Annotations.DesiredTGUpdates[tg.Name] = du
    const byNode = new Map<string, Allocation[]>()
    for (const a of allocs) if (a.TaskGroup === tg.Name && a.DesiredStatus === 'run') (byNode.get(a.NodeID) ?? byNode.set(a.NodeID, []).get(a.NodeID)!).push(a)
    const p = placerFor(ctx, tg)
    const metric = newMetric(0, {})
    let failures = 0
    const minHealthy = (tg.Update?.MinHealthyTime ?? 0) / 1e6
    const unhealthyNew = allocs.filter((a) => a.TaskGroup === tg.Name && isLive(a) && a.JobVersion === version && !isHealthy(a, minHealthy, ctx.now)).length
    let budget = tg.Update && tg.Update.MaxParallel > 0 ? Math.max(0, tg.Update.MaxParallel - unhealthyNew) : Infinity
    const stop = (a: Allocation, desc: string, lost = false) => {
      releaseAlloc(ctx, a)
      appendUpdate(plan, stoppedCopy(a, ctx.now, desc, lost ? {client: 'lost'} : {}))
      du.Stop++
    }
    const tryPlace = (node: Node, name: string, prev: Allocation | null): boolean => {
      const i = ctx.st.index.get(node.ID)!
      const dim = checkFit(node, usageAt(ctx, i), p.ask)
      const victims = dim && ctx.preempt && !dim.startsWith('network') ? findPreemptions(ctx, i, p.ask) : null
      if (dim && !victims) {
        recordExhausted(metric, node.NodeClass, dim)
        failures++
        return false
      }
      const a = buildAlloc(ctx, {job, tg, name, at: i, ask: p.ask, metric: newMetric(1, {[node.Datacenter]: 1}), deploymentId: null, canary: false, previous: prev, tracker: null})
      reserveAlloc(ctx, a, i)
      appendAlloc(plan, a)
      if (victims) commitPreemptions(ctx, plan, du, victims, a)
      return true
    }
    for (const node of nodes) {
      const list = byNode.get(node.ID) ?? []
      const live = list.filter(isLive)
      if (node.Status === 'down') {
        for (const a of live) stop(a, DESC.lost, true)
        continue
      }
      if (!nodeInScope(job, node) || (node.DrainStrategy && !node.DrainStrategy.IgnoreSystemJobs)) {
        for (const a of live) stop(a, node.DrainStrategy ? DESC.migrating : DESC.notNeeded)
        continue
      }
      if (node.Status !== 'ready') continue
      metric.NodesEvaluated++
      metric.NodesAvailable[node.Datacenter] = (metric.NodesAvailable[node.Datacenter] ?? 0) + 1
      const reason = filterNode(ctx, SYSTEM_STACK, p, node, ctx.st.index.get(node.ID)!)
      if (reason !== null) {
        recordFilter(metric, ctx, p, node, ctx.st.index.get(node.ID)!, reason)
        for (const a of live) stop(a, DESC.notNeeded)
        continue
      }
      for (const a of live.slice(1)) stop(a, DESC.notNeeded)
      const cur = live[0]
      const name = `${job.ID}.${tg.Name}[0]`
      if (cur) {
        reconcileExisting(cur)
        continue
      }
      if (node.SchedulingEligibility !== 'eligible') continue
      if (job.Type === 'sysbatch' && list.some((a) => a.JobVersion === version && a.ClientStatus === 'complete')) continue
      if (tryPlace(node, name, null)) du.Place++

      function reconcileExisting(a: Allocation): void {
        if (a.JobVersion === version) {
          du.Ignore++
          return
        }
        const old = versions.find((j) => (j.Version ?? 0) === a.JobVersion)
        const oldTg = old?.TaskGroups.find((t) => t.Name === tg.Name)
        if (old && oldTg && tasksUpdated(old, oldTg, job, tg) === null) {
          appendAlloc(plan, {...a, JobVersion: version, ModifyTime: ctx.now})
          du.InPlaceUpdate++
          return
        }
        if (budget <= 0) {
          du.Ignore++
          return
        }
        releaseAlloc(ctx, a)
        if (tryPlace(node!, a.Name, a)) {
          budget--
          du.DestructiveUpdate++
          const placed = plan.NodeAllocation[node!.ID]!.at(-1)!
          appendUpdate(plan, stoppedCopy(a, ctx.now, DESC.updating, {next: placed.ID}))
        } else reserveAlloc(ctx, a)
      }
    }
    metric.NodesInPool = metric.NodesEvaluated
    if (failures > 0) {
      metric.CoalescedFailures = failures - 1
      plan.FailedTGAllocs[tg.Name] = metric
    }
  }
  return plan
}

