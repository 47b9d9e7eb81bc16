import type {Deployment} from '../model/index.js'
import {UserError} from '../lib/errors.js'
import type {Store} from './store.js'

export interface DeploymentRequest {
  Action: 'promote' | 'fail'
  Groups: string[] | null // promote only these groups (null = all)
  RequestedAt: number
}

/** Ask the leader to promote a deployment's canaries or to fail it (`zdev deployment promote|fail`). */
export async function requestDeploymentAction(store: Store, deploymentId: string, action: DeploymentRequest['Action'], groups: string[] | null, now: number): Promise<Deployment> {
  const all = await store.list<Deployment>(store.keys.deployments)
  const matches = all.items.map((e) => e.value).filter((d) => d.ID === deploymentId || d.ID.startsWith(deploymentId))
  if (matches.length === 0) throw new UserError(`No deployment with ID "${deploymentId}".`, {code: 'not_found', hint: 'list them with `zdev deployment list`.'})
  if (matches.length > 1) throw new UserError(`Deployment ID prefix "${deploymentId}" matches ${matches.length} deployments; give more characters.`, {code: 'ambiguous'})
  const d = matches[0]
  if (d.Status !== 'running') throw new UserError(`Deployment ${d.ID.slice(0, 8)} is ${d.Status}; only a running deployment can be ${action === 'promote' ? 'promoted' : 'failed'}.`, {code: 'not_running'})
  if (action === 'promote' && !Object.values(d.TaskGroups).some((g) => g.DesiredCanaries > 0)) {
    throw new UserError(`Deployment ${d.ID.slice(0, 8)} has no canaries to promote.`, {code: 'no_canaries'})
  }
  const req: DeploymentRequest = {Action: action, Groups: groups, RequestedAt: now}
  await store.put(store.keys.deploymentRequest(d.ID), req)
  return d
}
