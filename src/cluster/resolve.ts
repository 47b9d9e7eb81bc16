// Finding the object a user named: exact id first, then a unique id prefix (Nomad accepts
// prefixes everywhere); nodes also by name. Errors list what matched or what exists.
import {UserError} from '../lib/errors.js'
import type {Allocation, Deployment, Job, Node} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'

function pick<T>(what: string, ref: string, all: T[], idOf: (x: T) => string, hint: string, nameOf?: (x: T) => string): T {
  const exact = all.find((x) => idOf(x) === ref || nameOf?.(x) === ref)
  if (exact) return exact
  const matches = ref ? all.filter((x) => idOf(x).startsWith(ref)) : []
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0) throw new UserError(`No ${what} with ID${nameOf ? ' or name' : ''} "${ref}".`, {code: 'not_found', hint})
  const shown = matches.slice(0, 5).map((x) => idOf(x).slice(0, 8)).join(', ')
  throw new UserError(`${what[0]!.toUpperCase()}${what.slice(1)} ID prefix "${ref}" matches ${matches.length} ${what}s (${shown}${matches.length > 5 ? ', …' : ''}); give more characters.`, {code: 'ambiguous'})
}

export function findJob(st: ClusterState, ref: string): Job {
  return pick('job', ref, Object.values(st.jobs), (j) => j.ID, 'list jobs with `zdev job status`.')
}

export function findAlloc(st: ClusterState, ref: string): Allocation {
  return pick('allocation', ref, st.allocs, (a) => a.ID, 'see allocation IDs with `zdev job status <job>`.')
}

export function findNode(st: ClusterState, ref: string): Node {
  return pick('node', ref, st.nodes, (n) => n.ID, 'list nodes with `zdev node list`.', (n) => n.Name)
}

export function findDeployment(st: ClusterState, ref: string): Deployment {
  return pick('deployment', ref, st.deployments, (d) => d.ID, 'list deployments with `zdev deployment list`.')
}

/** The newest deployment of a job (highest version, then newest). */
export function latestDeployment(st: ClusterState, jobId: string): Deployment | null {
  let best: Deployment | null = null
  for (const d of st.deployments) {
    if (d.JobID !== jobId) continue
    if (!best || d.JobVersion > best.JobVersion || (d.JobVersion === best.JobVersion && d.CreateTime > best.CreateTime)) best = d
  }
  return best
}
