import {isMap, isScalar, type Node} from 'yaml'
import {DEFAULTS, componentName, type NodeSpec, type Runtime} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'
import {suggestNearest} from './suggest.js'

const NODE_KEYS = ['name', 'datacenter', 'node_class', 'node_pool', 'meta', 'cpu', 'memory', 'drivers'] as const
export const KNOWN_DRIVERS = ['raw_exec', 'exec', 'docker'] as const
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

function defaultNodeOf(name: string, drivers: readonly string[] = DEFAULTS.drivers): NodeSpec {
  return {name, datacenter: DEFAULTS.datacenter, nodeClass: DEFAULTS.nodeClass, nodePool: DEFAULTS.nodePool, meta: {}, cpu: DEFAULTS.cpu, memory: DEFAULTS.memory, drivers: [...drivers]}
}

/** A node's drivers when the file lists none: docker too unless the runtime is `process`. */
export function defaultDrivers(runtime: Runtime): string[] {
  return runtime === 'process' ? [...DEFAULTS.drivers] : [...DEFAULTS.drivers, 'docker']
}

/** `nodes: 3` (named node-1..3) or a list of node mappings. */
export function readNodes(r: YamlReader, node: Node | null | undefined, runtime: Runtime = 'process'): NodeSpec[] {
  const drivers = defaultDrivers(runtime)
  const defaultNode = (name: string) => defaultNodeOf(name, drivers)
  if (isNullish(node)) return Array.from({length: DEFAULTS.nodes}, (_, i) => defaultNode(componentName('node', i)))
  if (isScalar(node) || isMap(node)) {
    const countNode = isMap(node) ? r.map(node, 'nodes', ['count'])?.get('count') : node
    const field = isMap(node) ? 'nodes.count' : 'nodes'
    const n = countNode === undefined ? DEFAULTS.nodes : r.int(countNode, field, {min: 0, max: 200})
    return Array.from({length: n ?? 0}, (_, i) => defaultNode(componentName('node', i)))
  }
  const items = r.list(node, 'nodes') ?? []
  const out: NodeSpec[] = []
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const field = join('nodes', i)
    const m = r.map(item, field, NODE_KEYS)
    if (!m) return
    const name = m.has('name') ? r.str(m.get('name'), `${field}.name`) : r.fail(item, `${field}.name`, 'missing; every listed node needs a name')
    if (name === undefined) return
    if (!DNS_LABEL.test(name)) {
      r.fail(m.get('name'), `${field}.name`, `"${name}" is not a valid node name; use lowercase letters, digits and "-"`)
      return
    }
    if (seen.has(name)) {
      r.fail(m.get('name'), `${field}.name`, `"${name}" is already the name of nodes[${seen.get(name)}]; node names must be unique`)
      return
    }
    seen.set(name, i)
    const spec = defaultNode(name)
    if (m.has('datacenter')) spec.datacenter = r.str(m.get('datacenter'), `${field}.datacenter`) ?? spec.datacenter
    if (m.has('node_class')) spec.nodeClass = r.str(m.get('node_class'), `${field}.node_class`) ?? spec.nodeClass
    if (m.has('node_pool')) spec.nodePool = r.str(m.get('node_pool'), `${field}.node_pool`) ?? spec.nodePool
    if (m.has('meta')) spec.meta = r.dict(m.get('meta'), `${field}.meta`)
    if (m.has('cpu')) spec.cpu = r.int(m.get('cpu'), `${field}.cpu`, {min: 1}) ?? spec.cpu
    if (m.has('memory')) spec.memory = r.int(m.get('memory'), `${field}.memory`, {min: 1}) ?? spec.memory
    if (m.has('drivers')) spec.drivers = readDrivers(r, m.get('drivers'), `${field}.drivers`, runtime)
    out.push(spec)
  })
  return out
}

function readDrivers(r: YamlReader, node: Node | null | undefined, field: string, runtime: Runtime): string[] {
  const out: string[] = []
  ;(r.list(node, field) ?? []).forEach((item, i) => {
    const d = r.str(item, join(field, i))
    if (d === undefined) return
    if (!(KNOWN_DRIVERS as readonly string[]).includes(d)) {
      const near = suggestNearest(d, KNOWN_DRIVERS)
      r.fail(item, join(field, i), `unknown driver "${d}"${near ? `; did you mean "${near}"?` : `; known drivers: ${KNOWN_DRIVERS.join(', ')}`}`)
    } else if (d === 'docker' && runtime === 'process') {
      r.fail(item, join(field, i), '"docker" needs `runtime: auto` or `runtime: docker` (this file says `runtime: process`, which runs no containers)')
    } else out.push(d)
  })
  return out
}
