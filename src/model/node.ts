// A client node as the scheduler sees it (Nomad's structs.Node, trimmed to what placement uses).

export type NodeStatus = 'initializing' | 'ready' | 'down' | 'disconnected'
export type SchedulingEligibility = 'eligible' | 'ineligible'

export interface DriverInfo {
  Detected: boolean
  Healthy: boolean
}

export interface NodeResources {
  CpuShares: number // MHz
  MemoryMB: number
  DiskMB: number
  // Ports below MinDynamicPort / above MaxDynamicPort are only handed out as static.
  MinDynamicPort: number
  MaxDynamicPort: number
}

export interface DrainStrategy {
  Deadline: number // ns; -1 = force, 0 = no deadline
  IgnoreSystemJobs: boolean
  StartedAt: number // epoch ms
}

export interface Node {
  ID: string
  Name: string
  Datacenter: string
  NodeClass: string
  NodePool: string
  Address: string // the loopback address this node binds workloads to
  Attributes: Record<string, string>
  Meta: Record<string, string>
  Drivers: Record<string, DriverInfo>
  NodeResources: NodeResources
  ReservedResources: { CpuShares: number; MemoryMB: number; DiskMB: number; ReservedPorts: number[] }
  Status: NodeStatus
  SchedulingEligibility: SchedulingEligibility
  DrainStrategy: DrainStrategy | null
  StatusUpdatedAt?: number
}

/**
 * The value of a node variable as Nomad names them in constraints and interpolation:
 * `node.unique.id|name`, `node.datacenter|class|pool`, `attr.<name>`, `meta.<name>`
 * (without the `${…}`); undefined when the node does not have it.
 */
export type NodeVariables = Pick<Node, 'ID' | 'Name' | 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta'> & {Address?: string}

export function nodeVariable(name: string, node: NodeVariables): string | undefined {
  switch (name) {
    case 'node.unique.id':
      return node.ID
    case 'node.unique.name':
      return node.Name
    case 'node.datacenter':
      return node.Datacenter
    case 'node.class':
      return node.NodeClass
    case 'node.pool':
      return node.NodePool
    case 'node.unique.network.ip-address':
      return node.Address
    case 'node.region':
      return node.Attributes['nomad.region']
  }
  if (name.startsWith('attr.')) return node.Attributes[name.slice(5)]
  if (name.startsWith('meta.')) return node.Meta[name.slice(5)]
  return undefined
}
