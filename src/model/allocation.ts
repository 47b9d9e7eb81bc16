// An allocation: one instance of a task group placed on a node.

export type DesiredStatus = 'run' | 'stop' | 'evict'
export type ClientStatus = 'pending' | 'running' | 'complete' | 'failed' | 'lost' | 'unknown'

export interface AllocatedPort {
  Label: string
  Value: number
  To: number
  HostIP: string
}

export interface AllocatedResources {
  Tasks: Record<string, { CpuShares: number; MemoryMB: number }>
  Shared: { DiskMB: number; Ports: AllocatedPort[] }
}

export interface RescheduleEvent {
  RescheduleTime: number // epoch ms
  PrevAllocID: string
  PrevNodeID: string
  Delay: number // ns
}

export interface AllocDeploymentStatus {
  Healthy: boolean | null
  Canary: boolean
  Timestamp: number // epoch ms
}

// Why a placement went where it did (or failed): Nomad's AllocMetric.
export interface AllocMetric {
  NodesEvaluated: number
  NodesFiltered: number
  NodesInPool: number
  NodesAvailable: Record<string, number> // by datacenter
  ClassFiltered: Record<string, number>
  ConstraintFiltered: Record<string, number> // reason -> count
  NodesExhausted: number
  ClassExhausted: Record<string, number>
  DimensionExhausted: Record<string, number> // "memory", "cpu", "network: reserved port collision" …
  QuotaExhausted: string[]
  ScoreMetaData: { NodeID: string; Scores: Record<string, number>; NormScore: number }[]
  CoalescedFailures: number
  // zdev: which drivers were missing on the nodes counted under "missing drivers".
  DriversMissing?: Record<string, number>
  // zdev: nodes never evaluated, by reason ("datacenter", "node pool", "status down", "ineligible", "draining").
  NodesExcluded?: Record<string, number>
}

export interface TaskEvent {
  Type: string
  Time: number // epoch ms
  Message: string
  ExitCode?: number
}

export interface TaskState {
  State: 'pending' | 'running' | 'dead'
  Failed: boolean
  Restarts: number
  LastRestart: number | null
  StartedAt: number | null
  FinishedAt: number | null
  Events: TaskEvent[]
}

export interface Allocation {
  ID: string
  EvalID: string
  Name: string // <job>.<group>[<index>]
  Namespace: string
  NodeID: string
  NodeName: string
  JobID: string
  JobVersion: number
  TaskGroup: string
  AllocatedResources: AllocatedResources
  DesiredStatus: DesiredStatus
  DesiredDescription: string
  DesiredTransition: { Migrate?: boolean; Reschedule?: boolean; ForceReschedule?: boolean }
  ClientStatus: ClientStatus
  ClientDescription: string
  DeploymentID: string | null
  DeploymentStatus: AllocDeploymentStatus | null
  RescheduleTracker: { Events: RescheduleEvent[] } | null
  PreviousAllocation: string | null
  NextAllocation: string | null
  FollowupEvalID: string | null
  PreemptedByAllocation?: string | null // set on allocations evicted to make room
  Metrics: AllocMetric | null
  TaskStates: Record<string, TaskState> | null
  CreateTime: number // epoch ms
  ModifyTime: number // epoch ms
}

/** The allocation index parsed out of its name `job.group[3]`. */
export function allocIndex(name: string): number {
  const m = /\[(\d+)\]$/.exec(name)
  return m ? Number(m[1]) : 0
}

export function isTerminal(a: Pick<Allocation, 'DesiredStatus' | 'ClientStatus'>): boolean {
  return (
    a.DesiredStatus !== 'run' ||
    a.ClientStatus === 'complete' ||
    a.ClientStatus === 'failed' ||
    a.ClientStatus === 'lost'
  )
}
