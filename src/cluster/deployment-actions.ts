// `zdev deployment promote|fail`: ask the leader (it applies the request and re-evaluates).
import {requestDeploymentAction} from '../store/deployment-requests.js'
import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {UserError} from '../lib/errors.js'
import {findDeployment} from './resolve.js'

export interface DeploymentActionResult {
  deploymentId: string
  jobId: string
  action: 'promote' | 'fail'
  groups: string[] | null
}

export async function requestDeployment(store: Store, ref: string, action: 'promote' | 'fail', groups: string[] | null, now: number): Promise<DeploymentActionResult> {
  const d = findDeployment(await readClusterState(store), ref)
  const unknown = (groups ?? []).filter((g) => !(g in d.TaskGroups))
  if (unknown.length) {
    throw new UserError(`Deployment ${d.ID.slice(0, 8)} has no task group ${unknown.map((g) => `"${g}"`).join(', ')}; its groups: ${Object.keys(d.TaskGroups).join(', ')}.`, {code: 'not_found', field: 'group'})
  }
  await requestDeploymentAction(store, d.ID, action, groups, now)
  return {deploymentId: d.ID, jobId: d.JobID, action, groups}
}
