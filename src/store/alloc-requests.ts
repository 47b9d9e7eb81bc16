import type {Allocation} from '../model/index.js'
import {UserError} from '../lib/errors.js'
import type {Store} from './store.js'
import {readClusterState} from './cluster-state.js'

export interface AllocRequest {
  Action: 'stop'
  RequestedAt: number
}

/** Resolve an allocation by id or unique id prefix. */
export function findAlloc(allocs: Allocation[], idOrPrefix: string): Allocation {
  const m = allocs.filter((a) => a.ID === idOrPrefix || a.ID.startsWith(idOrPrefix))
  if (m.length === 0) throw new UserError(`No allocation with ID "${idOrPrefix}".`, {code: 'not_found', hint: 'see the allocations with `zdev job status <job>`.'})
  if (m.length > 1) throw new UserError(`Allocation ID prefix "${idOrPrefix}" matches ${m.length} allocations; give more characters.`, {code: 'ambiguous'})
  return m[0]
}

/** Ask the leader to stop an allocation; the scheduler then places a replacement (`nomad alloc stop`). */
export async function requestAllocStop(store: Store, idOrPrefix: string, now: number): Promise<Allocation> {
  const a = findAlloc((await readClusterState(store)).allocs, idOrPrefix)
  if (a.DesiredStatus !== 'run') throw new UserError(`Allocation ${a.ID.slice(0, 8)} is already stopping (${a.DesiredStatus}).`, {code: 'not_running'})
  await store.put(store.keys.allocRequest(a.ID), {Action: 'stop', RequestedAt: now} satisfies AllocRequest)
  return a
}

/** Restart some tasks of an allocation in place (`nomad alloc restart -task`): the node running it consumes the request. */
export interface TaskRestartRequest {
  Tasks: string[]
  Reason: string
  /** Fetch the tasks' artifacts again first (a local artifact changed). */
  Refetch: boolean
  RequestedAt: number
}

export async function requestTaskRestart(store: Store, a: Pick<Allocation, 'ID' | 'NodeID'>, req: TaskRestartRequest): Promise<void> {
  await store.put(store.keys.taskRestart(a.NodeID, a.ID), req)
}
