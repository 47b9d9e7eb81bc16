// Sorting one group's allocations into what the reconciler does with them.
import type {Allocation, Node, TaskGroup} from '../model/index.js'
import {decideReschedule} from './reschedule.js'

export interface Classified {
  untainted: Allocation[]
  migrate: Allocation[]
  lost: Allocation[]
  rescheduleNow: {alloc: Allocation; delayNs: number}[]
  rescheduleLater: {alloc: Allocation; at: number}[]
  keep: Allocation[] // terminal but holding their name: batch completions, failures out of attempts
}

export function classifyAllocs(
  allocs: Allocation[],
  tg: TaskGroup,
  isBatch: boolean,
  nodeById: Map<string, Node>,
  now: number,
): Classified {
  const c: Classified = {untainted: [], migrate: [], lost: [], rescheduleNow: [], rescheduleLater: [], keep: []}
  for (const a of allocs) {
    if (a.DesiredStatus !== 'run' || a.ClientStatus === 'lost') continue
    if (a.ClientStatus === 'complete') {
      if (isBatch) c.keep.push(a)
      continue
    }
    if (a.ClientStatus === 'failed') {
      if (a.NextAllocation) continue
      const d = decideReschedule(a, tg.ReschedulePolicy, now)
      if (d.kind === 'now') c.rescheduleNow.push({alloc: a, delayNs: d.delayNs})
      else if (d.kind === 'later') c.rescheduleLater.push({alloc: a, at: d.at})
      else c.keep.push(a)
      continue
    }
    const node = nodeById.get(a.NodeID)
    if (!node || node.Status === 'down' || (node.Status === 'disconnected' && !tg.MaxClientDisconnect)) c.lost.push(a)
    else if (node.DrainStrategy || a.DesiredTransition.Migrate) c.migrate.push(a)
    else c.untainted.push(a)
  }
  return c
}

/** Whether a draining node's deadline has passed (or it is a forced drain): migrate everything now. */
export function drainForced(node: Node | undefined, now: number): boolean {
  const d = node?.DrainStrategy
  if (!d) return false
  if (d.Deadline < 0) return true
  return d.Deadline > 0 && d.StartedAt + d.Deadline / 1e6 <= now
}

/** Healthy for update/migration pacing: reported healthy, or running past min_healthy_time without a health report. */
export function isHealthy(a: Allocation, minHealthyMs: number, now: number): boolean {
  if (a.DeploymentStatus?.Healthy === true) return true
  if (a.DeploymentStatus?.Healthy === false) return false
  return a.ClientStatus === 'running' && now - a.ModifyTime >= minHealthyMs
}
