import type {Deployment, Evaluation} from '../model/index.js'
import type {Plan} from '../model/plan.js'
import type {ClusterState} from './cluster-state.js'
import {enc, prefixEnd, type Store} from './store.js'

type Op = {request_put: {key: Buffer; value: Buffer}}

/** The writes a plan makes, as plain data (testable without etcd). */
export function planWrites(store: Store, plan: Plan, state: ClusterState, ev: Evaluation): {key: string; value: unknown}[] {
  const k = store.keys
  const out: {key: string; value: unknown}[] = []
  for (const [node, allocs] of Object.entries(plan.NodeUpdate)) for (const a of allocs) out.push({key: k.alloc(node, a.ID), value: a})
  for (const [node, allocs] of Object.entries(plan.NodeAllocation)) for (const a of allocs) out.push({key: k.alloc(node, a.ID), value: a})
  if (plan.Deployment) out.push({key: k.deployment(plan.Deployment.ID), value: plan.Deployment})
  for (const u of plan.DeploymentUpdates) {
    const d = (plan.Deployment?.ID === u.DeploymentID ? plan.Deployment : state.deployments.find((x) => x.ID === u.DeploymentID)) as Deployment | undefined
    if (d) out.push({key: k.deployment(d.ID), value: {...d, Status: u.Status, StatusDescription: u.StatusDescription}})
  }
  for (const f of plan.FollowupEvals) out.push({key: k.evaluation(f.ID), value: f})
  const failed = Object.keys(plan.FailedTGAllocs).length > 0
  out.push({
    key: k.evaluation(ev.ID),
    value: {
      ...ev,
      Status: failed ? 'blocked' : 'complete',
      StatusDescription: failed ? 'placement failed for some groups; waiting for capacity' : '',
      FailedTGAllocs: failed ? plan.FailedTGAllocs : null,
    } satisfies Evaluation,
  })
  return out
}

/**
 * Commit a plan atomically, but only if what the scheduler read is still true: no allocation
 * was written since the snapshot's revision (only the leader writes them, so a conflict means a
 * second leader), the job did not change, and every node the plan places on is still registered.
 * Returns false on conflict: the caller re-reads and re-plans; nothing is half-applied.
 */
export async function commitPlan(store: Store, plan: Plan, state: ClusterState, ev: Evaluation): Promise<boolean> {
  const k = store.keys
  const compare: Parameters<Store['txn']>[1]['compare'] = [
    {key: enc(k.allocs), range_end: prefixEnd(k.allocs), target: 'Mod', result: 'Less', mod_revision: state.revision + 1},
    {key: enc(k.job(plan.JobID)), target: 'Mod', result: 'Equal', mod_revision: state.jobModRevisions[plan.JobID] ?? 0},
  ]
  for (const node of Object.keys(plan.NodeAllocation)) {
    if (plan.NodeAllocation[node].some((a) => a.DesiredStatus === 'run')) {
      compare.push({key: enc(k.node(node)), target: 'Version', result: 'Greater', version: 0})
    }
  }
  const success: Op[] = planWrites(store, plan, state, ev).map((w) => ({request_put: {key: enc(w.key), value: enc(JSON.stringify(w.value))}}))
  return store.txn(`commit the plan for job ${plan.JobID}`, {compare, success, failure: []})
}
