// Virtual nodes for `zdev simulate`: N nodes built from one or more specs like
// "cpu=4000,memory=8192,dc=dc1,class=web,meta.rack=r1", assigned round-robin.
import type {Node} from '../model/index.js'

export interface NodeSpec {
  cpu: number
  memory: number
  disk: number
  datacenter: string
  nodeClass: string
  pool: string
  drivers: string[]
  attributes: Record<string, string>
  meta: Record<string, string>
}

export const DEFAULT_NODE_SPEC: NodeSpec = {
  cpu: 4000,
  memory: 8192,
  disk: 100_000,
  datacenter: 'dc1',
  nodeClass: '',
  pool: 'default',
  drivers: ['raw_exec', 'exec', 'docker'],
  attributes: {'kernel.name': 'linux', 'cpu.arch': 'amd64', 'os.name': 'debian'},
  meta: {},
}

const NUMERIC: Record<string, 'cpu' | 'memory' | 'disk'> = {cpu: 'cpu', memory: 'memory', mem: 'memory', disk: 'disk'}

/** Parses "k=v,k=v"; an error message names the bad pair and the accepted keys. */
export function parseNodeSpec(text: string): {spec: NodeSpec} | {error: string} {
  const spec: NodeSpec = {...DEFAULT_NODE_SPEC, attributes: {...DEFAULT_NODE_SPEC.attributes}, meta: {}, drivers: [...DEFAULT_NODE_SPEC.drivers]}
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) return {error: `node spec "${text}": "${pair}" is not key=value`}
    const key = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    const num = NUMERIC[key]
    if (num) {
      const n = Number(value)
      if (!Number.isInteger(n) || n <= 0) return {error: `node spec "${text}": ${key} must be a positive integer, got "${value}"`}
      spec[num] = n
    } else if (key === 'dc' || key === 'datacenter') spec.datacenter = value
    else if (key === 'class') spec.nodeClass = value
    else if (key === 'pool') spec.pool = value
    else if (key === 'drivers') spec.drivers = value.split('+').filter((d) => d !== '')
    else if (key.startsWith('attr.')) spec.attributes[key.slice(5)] = value
    else if (key.startsWith('meta.')) spec.meta[key.slice(5)] = value
    else return {error: `node spec "${text}": unknown key "${key}" (use cpu, memory, disk, dc, class, pool, drivers=a+b, attr.NAME, meta.NAME)`}
  }
  return {spec}
}

export function buildVirtualNodes(count: number, specs: NodeSpec[] = [DEFAULT_NODE_SPEC]): Node[] {
  const list = specs.length > 0 ? specs : [DEFAULT_NODE_SPEC]
  const nodes: Node[] = []
  const width = String(count).length
  for (let i = 0; i < count; i++) {
    const s = list[i % list.length]!
    const name = `sim-${String(i).padStart(width, '0')}`
    const drivers: Node['Drivers'] = {}
    for (const d of s.drivers) drivers[d] = {Detected: true, Healthy: true}
    nodes.push({
      ID: `node-${name}`,
      Name: name,
      Datacenter: s.datacenter,
      NodeClass: s.nodeClass,
      NodePool: s.pool,
      Address: '127.0.0.1',
      Attributes: {...s.attributes, 'unique.hostname': name},
      Meta: {...s.meta},
      Drivers: drivers,
      NodeResources: {CpuShares: s.cpu, MemoryMB: s.memory, DiskMB: s.disk, MinDynamicPort: 20000, MaxDynamicPort: 32000},
      ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []},
      Status: 'ready',
      SchedulingEligibility: 'eligible',
      DrainStrategy: null,
    })
  }
  return nodes
}
