import {freePort, portInUse} from '../lib/ports.js'
import {UserError} from '../lib/errors.js'
import type {PlatformState} from './state.js'

/**
 * Ports for each etcd member: the ones recorded last time (etcd keeps its peer URL in its data,
 * so a member must come back on the same ports), else fresh free loopback ports.
 */
export async function assignEtcdPorts(names: string[], prev: PlatformState | undefined, running: Set<string>): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {}
  const taken = new Set<number>()
  for (const name of names) {
    const old = prev?.components.find((c) => c.name === name)?.ports
    if (old?.client && old.peer) {
      if (!running.has(name)) {
        for (const [label, port] of Object.entries(old)) {
          if (await portInUse(port)) {
            throw new UserError(`${name}'s ${label} port ${port} (kept from the last run: etcd remembers it in its data) is in use by another process`, {
              code: 'port_in_use',
              hint: 'stop what holds that port, or run `zdev down --purge` to start the cluster over with new ports (its data is lost)',
            })
          }
        }
      }
      out[name] = {client: old.client, peer: old.peer}
    } else {
      out[name] = {client: await fresh(taken), peer: await fresh(taken)}
    }
    taken.add(out[name]!.client!).add(out[name]!.peer!)
  }
  return out
}

async function fresh(taken: Set<number>): Promise<number> {
  for (;;) {
    const p = await freePort()
    if (!taken.has(p)) return p
  }
}
