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
