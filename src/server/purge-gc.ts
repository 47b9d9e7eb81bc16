import type {Allocation} from '../model/index.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import type {LeaderContext} from './leader-context.js'

/** How long a stopped allocation of a purged job may take to end on its node before it is collected anyway. */
const STOP_GRACE_MS = 10_000
/** A finished evaluation of a purged job stays this long, so `job stop --purge` can still follow it. */
const EVAL_GRACE_MS = 5_000

const clientEnded = (a: Allocation) => a.ClientStatus === 'complete' || a.ClientStatus === 'failed' || a.ClientStatus === 'lost'

/**
 * Pure: the keys to delete for jobs that no longer exist (purged): their allocations (once they
 * ended, their node is gone, or they were told to stop long enough ago), their finished
 * evaluations and their deployments; and alloc statuses whose allocation is gone.
 */
export function purgedGarbage(st: ClusterState, statusIds: string[], now: number): {allocs: Allocation[]; evals: string[]; deployments: string[]; statuses: string[]} {
  const gone = (jobId: string) => !st.jobs[jobId]
  const pending = new Set(st.evals.filter((e) => e.Status === 'pending').map((e) => e.JobID))
  const ready = new Set(st.nodes.filter((n) => n.Status === 'ready').map((n) => n.ID))
  const allocs = st.allocs.filter(
    (a) => gone(a.JobID) && !pending.has(a.JobID) && (clientEnded(a) || !ready.has(a.NodeID) || (a.DesiredStatus !== 'run' && now - a.ModifyTime > STOP_GRACE_MS)),
  )
  const collected = new Set(allocs.map((a) => a.ID))
  const remaining = new Set(st.allocs.filter((a) => !collected.has(a.ID)).map((a) => a.ID))
  return {
    allocs,
    evals: st.evals.filter((e) => gone(e.JobID) && e.Status !== 'pending' && now - e.CreateTime > EVAL_GRACE_MS).map((e) => e.ID),
    deployments: st.deployments.filter((d) => gone(d.JobID)).map((d) => d.ID),
    statuses: statusIds.filter((id) => !remaining.has(id)),
  }
}

/**
 * The leader's garbage collector for purged jobs (Nomad's job GC, without the age threshold).
 * Returns how many records were collected and how many of purged jobs are left waiting (for
 * their node, or their grace period): while some wait, the leader runs it again later.
 */
export async function collectPurged(ctx: LeaderContext): Promise<{collected: number; waiting: number}> {
  const k = ctx.store.keys
  const st = await readClusterState(ctx.store)
  const statusIds = (await ctx.store.list<unknown>(k.allocStatuses)).items.map((e) => decodeURIComponent(e.key.slice(k.allocStatuses.length)))
  const g = purgedGarbage(st, statusIds, ctx.now())
  for (const a of g.allocs) await ctx.store.delete(k.alloc(a.NodeID, a.ID))
  for (const id of g.evals) await ctx.store.delete(k.evaluation(id))
  for (const id of g.deployments) await ctx.store.delete(k.deployment(id))
  for (const id of g.statuses) await ctx.store.delete(k.allocStatus(id))
  const n = g.allocs.length + g.evals.length + g.deployments.length
  if (n) ctx.log(`gc: collected ${g.allocs.length} allocation(s), ${g.evals.length} evaluation(s), ${g.deployments.length} deployment(s) of purged jobs`)
  const gone = (jobId: string) => !st.jobs[jobId]
  const waiting = st.allocs.filter((a) => gone(a.JobID)).length - g.allocs.length + st.evals.filter((e) => gone(e.JobID)).length - g.evals.length
  return {collected: n + g.statuses.length, waiting}
}
