// What one line of the jobs panel says about a job: counts, its latest deployment, and why
// placements failed. Pure, from the snapshot.
import {isTerminal, type AllocMetric} from '../../model/allocation.js'
import type {Deployment} from '../../model/deployment.js'
import type {Job} from '../../model/job.js'
import {lostReason} from './lost.js'
import type {DashboardSnapshot} from './types.js'
import type {Tone} from './view-types.js'

export interface JobSummary {
  desired: number
  placed: number
  healthy: number
  failed: number
  deployment: Deployment | null
  detail: {text: string; tone: Tone} | null
  failing: boolean
}

export function latestDeployment(jobId: string, deployments: readonly Deployment[]): Deployment | null {
  let best: Deployment | null = null
  for (const d of deployments) {
    if (d.JobID !== jobId) continue
    if (!best || d.JobVersion > best.JobVersion || (d.JobVersion === best.JobVersion && d.CreateTime > best.CreateTime)) best = d
  }
  return best
}

/** "missing drivers; memory exhausted" from Nomad's placement metrics. */
export function describePlacementFailure(m: AllocMetric): string {
  const reasons: string[] = []
  if (m.NodesEvaluated === 0 && m.NodesInPool === 0) reasons.push('no nodes')
  const top = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1])[0]?.[0]
  const constraint = top(m.ConstraintFiltered)
  if (constraint) reasons.push(constraint)
  const dim = top(m.DimensionExhausted)
  if (dim) reasons.push(`${dim} exhausted`)
  return reasons.length > 0 ? reasons.join('; ') : 'no feasible node'
}

function deploymentDetail(d: Deployment): {text: string; tone: Tone} {
  const groups = Object.values(d.TaskGroups)
  const total = groups.reduce((s, g) => s + g.DesiredTotal, 0)
  const healthy = groups.reduce((s, g) => s + g.HealthyAllocs, 0)
  const canaries = groups.reduce((s, g) => s + g.DesiredCanaries, 0)
  const placedCanaries = groups.reduce((s, g) => s + g.PlacedCanaries.length, 0)
  const promoted = groups.every((g) => g.DesiredCanaries === 0 || g.Promoted)
  const v = `v${d.JobVersion}`
  switch (d.Status) {
    case 'running':
      if (canaries > 0 && !promoted) return {text: `${v} canary ${placedCanaries}/${canaries}, awaiting promotion`, tone: 'accent'}
      return {text: `deploying ${v}: ${healthy}/${total} healthy`, tone: 'accent'}
    case 'successful':
      return {text: `${v} deployed`, tone: 'dim'}
    case 'failed':
      return {text: `${v} failed: ${d.StatusDescription}`, tone: 'bad'}
    default:
      return {text: `${v} ${d.Status}`, tone: 'warn'}
  }
}

function desiredCount(job: Job, snap: DashboardSnapshot): number {
  if (job.Stop) return 0
  if (job.Type === 'system' || job.Type === 'sysbatch') {
    const eligible = snap.nodes.filter((n) => n.Status === 'ready' && n.SchedulingEligibility === 'eligible').length
    return eligible * job.TaskGroups.length
  }
  return job.TaskGroups.reduce((s, g) => s + g.Count, 0)
}

export function summarizeJob(job: Job, snap: DashboardSnapshot): JobSummary {
  const allocs = snap.allocs.filter((a) => a.JobID === job.ID)
  const live = allocs.filter((a) => !isTerminal(a) && !lostReason(a, snap.nodes)) // on a down node: lost, not placed
  const healthy = live.filter(
    (a) => a.ClientStatus === 'running' && (a.DeploymentID === null || a.DeploymentStatus?.Healthy === true),
  ).length
  const failed = allocs.filter((a) => a.ClientStatus === 'failed').length
  const desired = desiredCount(job, snap)
  const deployment = latestDeployment(job.ID, snap.deployments)
  const blocked = (snap.evals ?? []).filter((e) => e.JobID === job.ID && e.Status === 'blocked' && e.FailedTGAllocs)
  const metric = blocked.flatMap((e) => Object.values(e.FailedTGAllocs ?? {}))[0]
  const unplaced = Math.max(0, desired - live.length)
  let detail: JobSummary['detail'] = deployment ? deploymentDetail(deployment) : null
  let failing = deployment?.Status === 'failed'
  const batch = job.Type === 'batch' || job.Type === 'sysbatch'
  if (metric || (unplaced > 0 && !batch && deployment?.Status !== 'running')) {
    const why = metric ? `: ${describePlacementFailure(metric)}` : ''
    detail = {text: `${unplaced || 'some'} unplaced${why}`, tone: metric ? 'bad' : 'warn'}
    failing = failing || Boolean(metric)
  }
  return {desired, placed: live.length, healthy, failed, deployment, detail, failing}
}
