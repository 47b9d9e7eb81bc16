import {HOUR, MINUTE, SECOND, type JobType, type MigrateStrategy, type ReschedulePolicy, type RestartPolicy, type UpdateStrategy} from '../model/job.js'

// Nomad's defaults (api/tasks.go, api/jobs.go, nomad/structs). Facts, restated in our code.

export const DEFAULT_PRIORITY = 50
export const DEFAULT_KILL_TIMEOUT = 5 * SECOND
export const DEFAULT_WEIGHT = 50

export function defaultRestartPolicy(type: JobType): RestartPolicy {
  if (type === 'batch' || type === 'sysbatch') return {Attempts: 3, Interval: 24 * HOUR, Delay: 15 * SECOND, Mode: 'fail', RenderTemplates: false}
  return {Attempts: 2, Interval: 30 * MINUTE, Delay: 15 * SECOND, Mode: 'fail', RenderTemplates: false}
}

/** System and sysbatch jobs have no rescheduling: their allocations belong to one node each. */
export function defaultReschedulePolicy(type: JobType): ReschedulePolicy | null {
  if (type === 'service') return {Attempts: 0, Interval: 0, Delay: 30 * SECOND, DelayFunction: 'exponential', MaxDelay: HOUR, Unlimited: true}
  if (type === 'batch') return {Attempts: 1, Interval: 24 * HOUR, Delay: 5 * SECOND, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false}
  return null
}

export function defaultUpdateStrategy(): UpdateStrategy {
  return {
    Stagger: 30 * SECOND,
    MaxParallel: 1,
    HealthCheck: 'checks',
    MinHealthyTime: 10 * SECOND,
    HealthyDeadline: 5 * MINUTE,
    ProgressDeadline: 10 * MINUTE,
    Canary: 0,
    AutoRevert: false,
    AutoPromote: false,
  }
}

export function defaultMigrateStrategy(): MigrateStrategy {
  return {MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * SECOND, HealthyDeadline: 5 * MINUTE}
}

export const DEFAULT_EPHEMERAL_DISK = {Sticky: false, Migrate: false, SizeMB: 300}
export const DEFAULT_LOG_CONFIG = {MaxFiles: 10, MaxFileSizeMB: 10, Disabled: false}
export const DEFAULT_CPU = 100
export const DEFAULT_MEMORY_MB = 300

export const DEFAULT_TEMPLATE = {
  SourcePath: '',
  DestPath: '',
  EmbeddedTmpl: '',
  ChangeMode: 'restart',
  ChangeSignal: '',
  Splay: 5 * SECOND,
  Perms: '0644',
  LeftDelim: '{{',
  RightDelim: '}}',
  Envvars: false,
  ErrMissingKey: false,
  Once: false,
}

export const DEFAULT_ARTIFACT = {GetterMode: 'any', RelativeDest: 'local/'}
