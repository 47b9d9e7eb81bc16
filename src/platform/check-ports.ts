import {isMap, isSeq, type Node} from 'yaml'
import {portInUse} from '../lib/ports.js'
import type {Platform} from './types.js'
import type {YamlReader} from './yaml-reader.js'

/** Report every proxy port that something else already holds, pointing at where it was set. */
export async function checkProxyPorts(r: YamlReader, proxies: Platform['proxies'], node: Node | null | undefined): Promise<void> {
  const portsNode = isMap(node) ? (node.get('ports', true) as Node | undefined) : undefined
  const busy = await Promise.all(proxies.instances.map((p) => portInUse(p.port, p.host)))
  proxies.instances.forEach((p, i) => {
    if (!busy[i]) return
    const at = isSeq(portsNode) ? (portsNode.items[i] as Node) : (node ?? undefined)
    const field = isSeq(portsNode) ? `proxies.ports[${i}]` : 'proxies'
    r.fail(at, field, `port ${p.port} on ${p.host} (for ${p.name}) is already in use; stop what holds it or pick another port`)
  })
}
