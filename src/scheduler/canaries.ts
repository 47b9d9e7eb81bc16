// Which canaries a group still has (Nomad's cancelUnneededCanaries). A canary is an allocation
// placed with DeploymentStatus.Canary. Once its deployment promoted the group it is an ordinary
// allocation of its version. Stale, and stopped: canaries an older deployment placed and never
// promoted, and the unpromoted canaries of the current deployment once it has failed.
import type {Allocation, Deployment} from '../model/index.js'

export interface CanarySplit {
  canaries: Allocation[] // the current deployment's canaries, still counted apart
  stale: Allocation[] // to stop
  regular: Allocation[] // everything else, promoted canaries of older deployments included
}

export function splitCanaries(untainted: Allocation[], group: string, current: Deployment | null, byId: ReadonlyMap<string, Deployment>): CanarySplit {
  const out: CanarySplit = {canaries: [], stale: [], regular: []}
  const currentPromoted = current?.TaskGroups[group]?.Promoted === true
  const currentFailed = current?.Status === 'failed'
  for (const a of untainted) {
    if (a.DeploymentStatus?.Canary !== true) {
      out.regular.push(a)
      continue
    }
    if (current !== null && a.DeploymentID === current.ID) {
      if (currentFailed && !currentPromoted) out.stale.push(a)
      else out.canaries.push(a)
      continue
    }
    const d = a.DeploymentID ? byId.get(a.DeploymentID) : undefined
    // An unknown deployment (garbage-collected) cannot say it never promoted: keep the allocation.
    if (d !== undefined && d.TaskGroups[group]?.Promoted !== true) out.stale.push(a)
    else out.regular.push(a)
  }
  return out
}
