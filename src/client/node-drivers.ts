import path from 'node:path'
import {createDrivers, type DockerDriver, type Driver} from '../drivers/index.js'
import {removeLabelled} from '../drivers/docker-cleanup.js'
import type {NodeLabels} from '../drivers/docker-spec.js'

// The drivers of one node agent: the platform file's `nodes[].drivers` (raw_exec and exec by
// default), each fingerprinted by the agent. Before a docker node offers anything, it removes
// containers a previous agent of this node left behind (its watchdog killed with it).

export interface NodeDriverOptions {
  cluster: string
  name: string
  /** This node's folder: <cluster state dir>/nodes/<name>. */
  stateDir: string
  drivers?: string[]
}

export const DEFAULT_NODE_DRIVERS = ['raw_exec', 'exec']

export function nodeLabels(o: NodeDriverOptions): NodeLabels {
  return {'zdev.cluster': o.cluster, 'zdev.node': o.name, 'zdev.state': path.resolve(o.stateDir, '..', '..')}
}

export async function createNodeDrivers(o: NodeDriverOptions, log: (msg: string) => void): Promise<Record<string, Driver>> {
  const labels = nodeLabels(o)
  const drivers = createDrivers(o.drivers ?? DEFAULT_NODE_DRIVERS, {labels})
  const docker = drivers.docker as DockerDriver | undefined
  if (docker) {
    const d = await docker.daemon()
    if (d.ok) {
      const removed = await removeLabelled(d.docker, {...labels}).catch((err) => (log(`could not sweep old containers: ${err}`), []))
      if (removed.length) log(`removed ${removed.length} container(s) left by a previous agent: ${removed.join(', ')}`)
      log(`docker ${d.version} at ${d.host}`)
    } else log(`docker driver not offered: ${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')}`)
  }
  return drivers
}
