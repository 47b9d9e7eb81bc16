// Applying a plan to a snapshot, as the servers' plan applier does (without the
// compare-and-swap): upsert allocations, link replacements, record deployment progress.
import type {Allocation, Deployment} from '../model/index.js'
import type {Plan} from '../model/plan.js'
import type {Snapshot} from './types.js'

export function applyPlan(snap: Snapshot, plan: Plan): Snapshot {
  const byId = new Map<string, Allocation>()
  for (const a of snap.allocs) byId.set(a.ID, a)
  const isNew = new Set<string>()
  for (const list of Object.values(plan.NodeUpdate)) for (const a of list) byId.set(a.ID, a)
  for (const list of Object.values(plan.NodeAllocation)) {
    for (const a of list) {
      if (!byId.has(a.ID)) isNew.add(a.ID)
      byId.set(a.ID, a)
    }
  }
  for (const id of isNew) {
    const a = byId.get(id)!
    const prev = a.PreviousAllocation ? byId.get(a.PreviousAllocation) : undefined
    if (prev && !prev.NextAllocation) byId.set(prev.ID, {...prev, NextAllocation: a.ID})
  }
  let deployments: Deployment[] = snap.deployments.map((d) => {
    const u = plan.DeploymentUpdates.find((x) => x.DeploymentID === d.ID)
    return u ? {...d, Status: u.Status as Deployment['Status'], StatusDescription: u.StatusDescription} : d
  })
  if (plan.Deployment) deployments = [...deployments.filter((d) => d.ID !== plan.Deployment!.ID), plan.Deployment]
  deployments = deployments.map((d) => countPlaced(d, [...isNew].map((id) => byId.get(id)!)))
  return {...snap, allocs: [...byId.values()], deployments}
}

/** Adds newly placed allocations to their deployment's PlacedAllocs / PlacedCanaries. */
export function countPlaced(d: Deployment, placed: Allocation[]): Deployment {
  const mine = placed.filter((a) => a.DeploymentID === d.ID)
  if (mine.length === 0) return d
  const tgs = {...d.TaskGroups}
  for (const a of mine) {
    const s = tgs[a.TaskGroup]
    if (!s) continue
    tgs[a.TaskGroup] = {
      ...s,
      PlacedAllocs: s.PlacedAllocs + 1,
      PlacedCanaries: a.DeploymentStatus?.Canary ? [...s.PlacedCanaries, a.ID] : s.PlacedCanaries,
    }
  }
  return {...d, TaskGroups: tgs}
}
