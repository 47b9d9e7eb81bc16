import type {Allocation, Deployment, Evaluation, Job, Node} from '../model/index.js'

/** An immutable view of the cluster the scheduler reads. */
export interface Snapshot {
  jobs: Record<string, Job>
  nodes: Node[]
  allocs: Allocation[]
  deployments: Deployment[]
  // Earlier versions of each job (any order); used to tell in-place from destructive updates.
  jobVersions?: Record<string, Job[]>
}

export interface ScheduleOptions {
  now: number // epoch ms
  seed?: string // defaults to the evaluation id
  newId: () => string
  // Nomad's scheduler_algorithm: fill nodes up (binpack, the default) or keep them even (spread).
  algorithm?: 'binpack' | 'spread'
  // New allocations of service/batch jobs are handed here instead of kept in the plan
  // (simulate, whose jobs may ask for a million); the plan then carries only the rest.
  onPlaced?: (a: Allocation, nodeIndex: number) => void
  // Nomad's scheduler configuration preemption_config: which schedulers may evict
  // lower-priority allocations (default: system only).
  preemption?: PreemptionConfig
}

/** Nomad's preemption_config { system/sysbatch/service/batch_scheduler_enabled }. */
export interface PreemptionConfig {
  system?: boolean
  sysbatch?: boolean
  service?: boolean
  batch?: boolean
}

/** Nomad's server default_scheduler_config, as far as the scheduler reads it (the platform file's `scheduler:`). */
export interface SchedulerConfig {
  algorithm: 'binpack' | 'spread'
  preemption: Required<PreemptionConfig>
}

export type {Evaluation}
