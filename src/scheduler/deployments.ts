// Deployments from the scheduler's side: which one is current, cancelling outdated ones and
// creating a new one when a job version with an update stanza needs placements.
import type {Deployment, DeploymentState, Job} from '../model/index.js'
import type {DeploymentStatusUpdate} from '../model/plan.js'

export const ACTIVE = new Set(['running', 'paused', 'pending', 'blocked'])

export function jobDeployments(all: Deployment[], job: {ID: string; Namespace: string}): Deployment[] {
  return all.filter((d) => d.JobID === job.ID && d.Namespace === job.Namespace).sort((a, b) => b.CreateTime - a.CreateTime)
}

/** Deployments to cancel: active ones of other versions, or all active ones when the job stops. */
export function cancelOutdated(deps: Deployment[], job: Job | null): DeploymentStatusUpdate[] {
  const out: DeploymentStatusUpdate[] = []
  for (const d of deps) {
    if (!ACTIVE.has(d.Status)) continue
    if (!job || job.Stop) out.push({DeploymentID: d.ID, Status: 'cancelled', StatusDescription: 'Cancelled because job is stopped'})
    else if (d.JobVersion !== (job.Version ?? 0)) out.push({DeploymentID: d.ID, Status: 'cancelled', StatusDescription: 'Cancelled due to newer version of job'})
  }
  return out
}

export function newDeployment(
  id: string,
  job: Job,
  now: number,
  groups: {name: string; canaries: boolean}[],
): Deployment {
  const tgs: Record<string, DeploymentState> = {}
  for (const g of groups) {
    const tg = job.TaskGroups.find((t) => t.Name === g.name)!
    const u = (tg.Update ?? job.Update)!
    tgs[g.name] = {
      AutoRevert: u.AutoRevert,
      AutoPromote: u.AutoPromote,
      ProgressDeadline: u.ProgressDeadline,
      RequireProgressBy: u.ProgressDeadline > 0 ? now + u.ProgressDeadline / 1e6 : null,
      Promoted: false,
      PlacedCanaries: [],
      DesiredCanaries: g.canaries ? u.Canary : 0,
      DesiredTotal: tg.Count,
      PlacedAllocs: 0,
      HealthyAllocs: 0,
      UnhealthyAllocs: 0,
    }
  }
  const hasCanaries = groups.some((g) => g.canaries)
  return {
    ID: id,
    Namespace: job.Namespace,
    JobID: job.ID,
    JobVersion: job.Version ?? 0,
    Status: 'running',
    StatusDescription: hasCanaries ? 'Deployment is running but requires manual promotion' : 'Deployment is running',
    TaskGroups: tgs,
    CreateTime: now,
    ModifyTime: now,
  }
}
