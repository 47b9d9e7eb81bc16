// The deployment watcher's decision, pure so the server can call it on every change: is the
// deployment still running, successful, or failed (and should the job revert)?
import type {Allocation, Deployment, Job} from '../model/index.js'

export interface DeploymentDecision {
  status: Deployment['Status']
  description: string
  revertTo?: number // job version to re-register when auto_revert is on
  promote: string[] // groups whose canaries are all healthy and auto_promote is on
  groups: Record<string, {healthy: number; unhealthy: number; requireProgressBy: number | null}>
}

export const DEPLOYMENT_DESC = {
  running: 'Deployment is running',
  needsPromotion: 'Deployment is running but requires manual promotion',
  successful: 'Deployment completed successfully',
  unhealthy: 'Failed due to unhealthy allocations',
  progress: 'Failed due to progress deadline',
} as const

/**
 * `stableVersions` (newest first) are versions known good; without them the previous version
 * is the revert target.
 */
export function deploymentDecision(d: Deployment, job: Job, allocs: Allocation[], now: number, stableVersions: number[] = []): DeploymentDecision {
  const out: DeploymentDecision = {status: d.Status, description: d.StatusDescription, promote: [], groups: {}}
  if (d.Status !== 'running') return out
  let failed: string | null = null
  let allDone = true
  let waitingPromotion = false
  for (const [name, s] of Object.entries(d.TaskGroups)) {
    const tg = job.TaskGroups.find((t) => t.Name === name)
    const update = tg?.Update
    const mine = allocs.filter((a) => a.DeploymentID === d.ID && a.TaskGroup === name)
    let healthy = 0
    let unhealthy = 0
    let lastHealthy = 0
    for (const a of mine) {
      const h = a.DeploymentStatus?.Healthy
      // healthy_deadline runs from when the allocation joined this deployment: its deployment
      // status's time, or (moved in by an in-place update, status reset) its last change.
      const since = a.DeploymentStatus ? a.DeploymentStatus.Timestamp : a.ModifyTime
      const deadlinePassed = update && update.HealthyDeadline > 0 && a.DesiredStatus === 'run' && h == null && now > since + update.HealthyDeadline / 1e6
      if (h === true) {
        healthy++
        lastHealthy = Math.max(lastHealthy, a.DeploymentStatus!.Timestamp)
      } else if (h === false || a.ClientStatus === 'failed' || deadlinePassed) unhealthy++
    }
    // progress_deadline: reset (never shortened) by each allocation turning healthy and by promotion
    const progressBy = s.ProgressDeadline > 0 ? Math.max(s.RequireProgressBy ?? 0, lastHealthy > 0 ? lastHealthy + s.ProgressDeadline / 1e6 : 0) || null : null
    out.groups[name] = {healthy, unhealthy, requireProgressBy: progressBy}
    if (unhealthy > 0 && !failed) failed = DEPLOYMENT_DESC.unhealthy
    const canaries = mine.filter((a) => a.DeploymentStatus?.Canary)
    const needsPromotion = s.DesiredCanaries > 0 && !s.Promoted
    if (needsPromotion) {
      const canariesHealthy = canaries.filter((a) => a.DeploymentStatus?.Healthy === true).length >= s.DesiredCanaries
      if (canariesHealthy && s.AutoPromote) out.promote.push(name)
      else waitingPromotion = true
      allDone = false
    } else if (healthy < s.DesiredTotal) allDone = false
    if (progressBy !== null && now > progressBy && healthy < s.DesiredTotal && !needsPromotion && !failed) failed = DEPLOYMENT_DESC.progress
  }
  if (failed) {
    out.status = 'failed'
    out.description = failed
    const autoRevert = Object.values(d.TaskGroups).some((s) => s.AutoRevert)
    if (autoRevert) {
      const target = stableVersions.find((v) => v < d.JobVersion) ?? (d.JobVersion > 0 ? d.JobVersion - 1 : undefined)
      if (target !== undefined) {
        out.revertTo = target
        out.description = `${failed} - rolling back to job version ${target}`
      }
    }
    return out
  }
  if (allDone) {
    out.status = 'successful'
    out.description = DEPLOYMENT_DESC.successful
  } else {
    out.description = waitingPromotion ? DEPLOYMENT_DESC.needsPromotion : DEPLOYMENT_DESC.running
  }
  return out
}

/** A group promoted at `now`: Nomad resets its progress deadline on promotion. */
export function promotedGroup(g: Deployment['TaskGroups'][string], now: number): Deployment['TaskGroups'][string] {
  return {...g, Promoted: true, RequireProgressBy: g.ProgressDeadline > 0 ? now + g.ProgressDeadline / 1e6 : g.RequireProgressBy}
}
