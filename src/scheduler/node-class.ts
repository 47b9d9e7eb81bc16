// Nomad's computed node class: nodes that agree on everything a constraint or driver check can
// read (datacenter, class, pool, attributes and meta other than `unique.*`, drivers) share one
// class, so feasibility is checked once per class per task group (Nomad's EvalEligibility).
// Constraints reading `${node.unique.*}`, `${attr.unique.*}` or `${meta.unique.*}` "escape"
// the class and are checked per node.
import type {Node} from '../model/index.js'

const keyCache = new WeakMap<Node, string>()

function mapKey(m: Record<string, string>): string {
  const keys = Object.keys(m)
    .filter((k) => !k.startsWith('unique.'))
    .sort()
  return keys.map((k) => `${k}=${m[k]}`).join('\u0001')
}

/** The class key of a node (cached per node object: snapshots share them). */
export function computedClass(node: Node): string {
  let k = keyCache.get(node)
  if (k === undefined) {
    const drivers = Object.keys(node.Drivers)
      .sort()
      .map((d) => `${d}:${node.Drivers[d]!.Detected ? 1 : 0}${node.Drivers[d]!.Healthy ? 1 : 0}`)
      .join(',')
    k = [node.Datacenter, node.NodeClass, node.NodePool, drivers, mapKey(node.Attributes), mapKey(node.Meta)].join('\u0002')
    keyCache.set(node, k)
  }
  return k
}

/** Class ids (0..count-1) by node position. */
export function classIds(nodes: readonly Node[]): {ids: Int32Array; count: number} {
  const ids = new Int32Array(nodes.length)
  const seen = new Map<string, number>()
  for (let i = 0; i < nodes.length; i++) {
    const k = computedClass(nodes[i]!)
    let c = seen.get(k)
    if (c === undefined) seen.set(k, (c = seen.size))
    ids[i] = c
  }
  return {ids, count: seen.size}
}

/** Whether a constraint target reads something the computed class leaves out. */
export function targetEscapes(target: string): boolean {
  return target.includes('${node.unique.') || target.includes('${attr.unique.') || target.includes('${meta.unique.')
}
