// A deployment that waits for someone to promote its canaries: `job run` says so and how,
// and returns instead of blocking until its timeout (as `nomad job run` does). Pure.
import type {Allocation, Deployment} from '../model/index.js'

/** Groups whose canaries are all placed and healthy and wait for a manual promotion. */
export function groupsAwaitingPromotion(d: Deployment, allocs: readonly Allocation[]): string[] {
  if (d.Status !== 'running') return []
  const byId = new Map(allocs.map((a) => [a.ID, a]))
  return Object.entries(d.TaskGroups)
    .filter(([, g]) => g.DesiredCanaries > 0 && !g.Promoted && !g.AutoPromote && g.PlacedCanaries.length >= g.DesiredCanaries)
    .filter(([, g]) => g.PlacedCanaries.every((id) => byId.get(id)?.DeploymentStatus?.Healthy === true))
    .map(([name]) => name)
    .sort()
}

/** True when nothing moves until a promotion: some group waits for one, every other group is done. */
export function deploymentBlockedOnPromotion(d: Deployment, allocs: readonly Allocation[]): boolean {
  const waiting = new Set(groupsAwaitingPromotion(d, allocs))
  if (waiting.size === 0) return false
  return Object.entries(d.TaskGroups).every(([name, g]) => waiting.has(name) || ((g.DesiredCanaries === 0 || g.Promoted) && g.HealthyAllocs >= g.DesiredTotal))
}

export function promotionMessage(deploymentId: string, groups: string[], cli = 'zdev'): string {
  const id = deploymentId.slice(0, 8)
  return (
    `Deployment "${id}" waits for promotion: the canaries of ${groups.join(', ')} are healthy. ` +
    `Promote them with \`${cli} deployment promote ${id}\` (the rollout then continues), or roll back with \`${cli} deployment fail ${id}\`.`
  )
}
