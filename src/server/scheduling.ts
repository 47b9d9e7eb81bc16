import type {Evaluation} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {commitPlan} from '../store/plans.js'
import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {DEFAULT_SCHEDULER_CONFIG, explainPlan, schedule, type SchedulerConfig, type Snapshot} from '../scheduler/index.js'
import {isPlanEmpty, type Plan} from '../model/plan.js'

/** `grace`: nodes not registered yet but not declared down either (see NodeMonitor). */
export function snapshotOf(st: ClusterState, grace?: ReadonlySet<string>): Snapshot {
  const nodes = grace?.size ? st.nodes.map((n) => (grace.has(n.ID) && n.Status === 'down' ? {...n, Status: 'initializing' as const} : n)) : st.nodes
  return {jobs: st.jobs, nodes, allocs: st.allocs, deployments: st.deployments, jobVersions: st.jobVersions}
}

export interface EvalOutcome {
  status: 'committed' | 'skipped' | 'conflict'
  plan: Plan | null
  explanations: string[]
  attempts: number
}

const MAX_ATTEMPTS = 5

/**
 * Run one evaluation: read a snapshot, plan, commit with compare-and-swap; on conflict read a
 * fresh snapshot and plan again (bounded). An evaluation that is no longer pending is skipped.
 */
export async function processEvaluation(
  store: Store,
  evalId: string,
  clock: {now: () => number; newId: () => string},
  grace?: ReadonlySet<string>,
  config: SchedulerConfig = DEFAULT_SCHEDULER_CONFIG,
): Promise<EvalOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const st = await readClusterState(store)
    const ev: Evaluation | undefined = st.evals.find((e) => e.ID === evalId)
    if (!ev || ev.Status !== 'pending') return {status: 'skipped', plan: null, explanations: [], attempts: attempt}
    const plan = schedule(snapshotOf(st, grace), ev, {now: clock.now(), seed: ev.ID, newId: clock.newId, algorithm: config.algorithm, preemption: config.preemption})
    if (await commitPlan(store, plan, st, ev)) {
      return {status: 'committed', plan, explanations: isPlanEmpty(plan) && !Object.keys(plan.FailedTGAllocs).length ? [] : explainPlan(plan), attempts: attempt}
    }
  }
  return {status: 'conflict', plan: null, explanations: [], attempts: MAX_ATTEMPTS}
}
