import type {AllocMetric} from './allocation.js'

export type EvalStatus = 'pending' | 'complete' | 'failed' | 'blocked' | 'canceled'
export type EvalTrigger =
  | 'job-register'
  | 'job-deregister'
  | 'periodic-job'
  | 'node-update'
  | 'node-drain'
  | 'alloc-failure'
  | 'failed-follow-up'
  | 'deployment-watcher'
  | 'rolling-update'
  | 'alloc-stop'
  | 'queued-allocs'
  | 'preemption'

export interface Evaluation {
  ID: string
  Namespace: string
  Priority: number
  Type: string // job type
  TriggeredBy: EvalTrigger
  JobID: string
  NodeID?: string
  DeploymentID?: string
  Status: EvalStatus
  StatusDescription: string
  WaitUntil: number | null // epoch ms; a delayed reschedule
  PreviousEval?: string
  BlockedEval?: string
  FailedTGAllocs: Record<string, AllocMetric> | null
  QueuedAllocations?: Record<string, number>
  CreateTime: number // epoch ms
}
