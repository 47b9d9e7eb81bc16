import type {Allocation, AllocDeploymentStatus, ClientStatus, Node, TaskState} from '../model/index.js'

// The shapes stored under keys that have another owner than the main object, merged on read.

/** alloc-status/<alloc>: written by the node agent running the allocation. */
export interface AllocStatusRecord {
  ClientStatus: ClientStatus
  ClientDescription: string
  TaskStates: Record<string, TaskState> | null
  DeploymentStatus: AllocDeploymentStatus | null
  ModifyTime: number
}

/** node-status/<id>: the leader's view of a node, kept after its registration lease expires. */
export interface NodeStatusRecord {
  Node: Node
  Status: 'ready' | 'down'
  StatusUpdatedAt: number
}

/** node-drain/<id>: written by `zdev node drain|eligibility`. */
export interface NodeDrainRecord {
  SchedulingEligibility: Node['SchedulingEligibility']
  DrainStrategy: Node['DrainStrategy']
}

export function mergeAlloc(desired: Allocation, status: AllocStatusRecord | undefined): Allocation {
  if (!status || desired.ClientStatus === 'lost') return desired
  return {
    ...desired,
    ClientStatus: status.ClientStatus,
    ClientDescription: status.ClientDescription,
    TaskStates: status.TaskStates,
    DeploymentStatus: status.DeploymentStatus ?? desired.DeploymentStatus,
    ModifyTime: Math.max(desired.ModifyTime, status.ModifyTime),
  }
}

/** A node is ready while its lease-bound registration exists; otherwise it is down. */
export function mergeNode(
  registration: Node | undefined,
  status: NodeStatusRecord | undefined,
  drain: NodeDrainRecord | undefined,
): Node | null {
  const base = registration ?? status?.Node
  if (!base) return null
  return {
    ...base,
    Status: registration ? 'ready' : 'down',
    StatusUpdatedAt: status?.StatusUpdatedAt ?? base.StatusUpdatedAt,
    SchedulingEligibility: drain?.SchedulingEligibility ?? base.SchedulingEligibility,
    DrainStrategy: drain?.DrainStrategy ?? null,
  }
}
