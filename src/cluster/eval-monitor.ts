// Following one evaluation to its end, as `nomad job run` does: print what it did, follow
// the evaluation that superseded it, and report placement failures.
import type {AllocMetric, Evaluation} from '../model/index.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {sleep} from './clock.js'
import {explainFailedGroups} from './explain.js'
import {formatTime, plural, shortId} from './format.js'

export interface MonitorContext {
  store: Store
  now: () => number
  deadline: number
  pollMs: number
  signal?: AbortSignal
  say: (line: string) => void
}

export type EvalOutcome =
  | {kind: 'complete'; evalId: string; state: ClusterState}
  | {kind: 'placement-failed'; evalId: string; failures: Record<string, AllocMetric>; state: ClusterState}
  | {kind: 'eval-failed'; evalId: string; description: string}
  | {kind: 'timeout'}
  | {kind: 'interrupted'}

export function stamp(now: number, line: string, lead = '    '): string {
  return `${lead}${formatTime(now)}: ${line}`
}

/** Lines for an evaluation that has finished: allocations it created and its status. */
export function describeFinishedEval(ev: Evaluation, st: ClusterState, now: number): string[] {
  const out: string[] = []
  const created = st.allocs.filter((a) => a.EvalID === ev.ID).sort((a, b) => (a.Name < b.Name ? -1 : 1))
  for (const a of created) out.push(stamp(now, `Allocation "${shortId(a.ID)}" created: node "${a.NodeName}", group "${a.TaskGroup}"`))
  const dep = created.find((a) => a.DeploymentID)?.DeploymentID ?? ev.DeploymentID
  if (dep) out.push(stamp(now, `Evaluation within deployment: "${shortId(dep)}"`))
  out.push(stamp(now, `Evaluation status changed: "pending" -> "${ev.Status}"`))
  if (ev.Status === 'blocked' && ev.FailedTGAllocs) {
    out.push(stamp(now, `Evaluation "${shortId(ev.ID)}" finished with status "complete" but failed to place all allocations:`, '==> '))
    for (const line of explainFailedGroups(ev.FailedTGAllocs)) out.push(`    ${line}`)
    const queued = Object.values(ev.FailedTGAllocs).reduce((s, m) => s + m.CoalescedFailures + 1, 0)
    out.push(`    Evaluation "${shortId(ev.ID)}" waiting for additional capacity to place remainder (${plural(queued, 'allocation')})`)
  } else {
    out.push(stamp(now, `Evaluation "${shortId(ev.ID)}" finished with status "${ev.Status}"`, '==> '))
  }
  return out
}

export async function monitorEvaluation(ctx: MonitorContext, evalId: string, jobId: string): Promise<EvalOutcome> {
  ctx.say(stamp(ctx.now(), `Monitoring evaluation "${shortId(evalId)}"`, '==> '))
  let current = evalId
  let announced = false
  for (;;) {
    const st = await readClusterState(ctx.store)
    const ev = st.evals.find((e) => e.ID === current)
    if (ev && !announced) {
      ctx.say(stamp(ctx.now(), `Evaluation triggered by job "${jobId}"`))
      if (st.servers.length === 0) ctx.say(stamp(ctx.now(), 'No server is registered: the evaluation stays pending until one runs (start the platform with `zdev up`)'))
      announced = true
    }
    if (ev && ev.Status !== 'pending') {
      const next = ev.Status === 'canceled' ? /superseded by ([0-9a-f-]{36})/.exec(ev.StatusDescription)?.[1] : undefined
      if (next) {
        ctx.say(stamp(ctx.now(), `Evaluation "${shortId(current)}" superseded by "${shortId(next)}"; following it`))
        current = next
        continue
      }
      for (const line of describeFinishedEval(ev, st, ctx.now())) ctx.say(line)
      if (ev.Status === 'complete') return {kind: 'complete', evalId: ev.ID, state: st}
      if (ev.Status === 'blocked') return {kind: 'placement-failed', evalId: ev.ID, failures: ev.FailedTGAllocs ?? {}, state: st}
      return {kind: 'eval-failed', evalId: ev.ID, description: ev.StatusDescription || ev.Status}
    }
    if (ctx.signal?.aborted) return {kind: 'interrupted'}
    if (ctx.now() > ctx.deadline) return {kind: 'timeout'}
    await sleep(ctx.pollMs, ctx.signal)
  }
}
