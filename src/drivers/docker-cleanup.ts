import type Docker from 'dockerode'
import {bounded} from './docker-host.js'

// Cleanup by label, kind's way: whatever state.json or a crashed agent forgot, the labels
// still say whose a container is. Only containers matching every given label are touched.

export interface LabelledContainer {
  id: string
  name: string
  labels: Record<string, string>
  state: string
}

export async function listLabelled(docker: Docker, labels: Record<string, string>): Promise<LabelledContainer[]> {
  const filters = {label: Object.entries(labels).map(([k, v]) => `${k}=${v}`)}
  const list = await bounded(docker.listContainers({all: true, filters}), 10_000)
  return list.map((c) => ({id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels, state: c.State}))
}

/** Force-removes every container carrying all of `labels`; returns their names. */
export async function removeLabelled(docker: Docker, labels: Record<string, string>): Promise<string[]> {
  const found = await listLabelled(docker, labels)
  await Promise.all(found.map((c) => bounded(docker.getContainer(c.id).remove({force: true, v: true}), 15_000).catch((err) => {
    const status = (err as {statusCode?: number}).statusCode
    if (status !== 404 && status !== 409) throw err // gone, or being removed already
  })))
  return found.map((c) => c.name)
}
