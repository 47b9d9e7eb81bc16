import type Docker from 'dockerode'
import {listLabelled} from '../drivers/docker-cleanup.js'
import {bounded, findDaemon} from '../drivers/docker-host.js'
import type {Platform} from '../platform/types.js'

// A docker task's "process" is its container: a task fault kills the running containers of the
// allocation (found by the labels the docker driver puts on them), and the task is back once
// a running container of that allocation exists that was not among the killed ones (the
// driver restarts a task in a new container).

export interface TaskContainers {
  docker: Docker
  ids: string[]
}

const labelsOf = (p: Platform, allocId: string) => ({'zdev.cluster': p.name, 'zdev.state': p.stateDir, 'zdev.alloc': allocId})

/** The running containers of an allocation, or null when no daemon answers. */
export async function runningTaskContainers(p: Platform, allocId: string): Promise<TaskContainers | null> {
  const d = await findDaemon({timeoutMs: 1500})
  if (!d.ok) return null
  const found = await listLabelled(d.docker, labelsOf(p, allocId))
  return {docker: d.docker, ids: found.filter((c) => c.state === 'running').map((c) => c.id)}
}

export async function killContainers(c: TaskContainers): Promise<void> {
  await Promise.all(c.ids.map((id) => bounded(c.docker.getContainer(id).kill({signal: 'SIGKILL'}), 10_000).catch((err) => {
    if ((err as {statusCode?: number}).statusCode !== 409 && (err as {statusCode?: number}).statusCode !== 404) throw err // 409/404: it already stopped
  })))
}

/** Whether a running container of the allocation exists that is not one of `killed`. */
export async function replacedContainer(c: TaskContainers, p: Platform, allocId: string): Promise<boolean> {
  const now = await listLabelled(c.docker, labelsOf(p, allocId))
  return now.some((x) => x.state === 'running' && !c.ids.includes(x.id))
}
