// The canonical job: Nomad's API shape (api.Job), PascalCase fields, durations in nanoseconds.
// What `zdev job render` prints is exactly this object, so a job promoted to a real Nomad
// cluster is the one zdev ran. Fields Nomad leaves unset are null.

export type Duration = number // nanoseconds, as Nomad's API JSON carries them

export const SECOND: Duration = 1_000_000_000
export const MINUTE: Duration = 60 * SECOND
export const HOUR: Duration = 60 * MINUTE

export type JobType = 'service' | 'batch' | 'system' | 'sysbatch'

export interface Constraint {
  LTarget: string
  RTarget: string
  Operand: string
}

export interface Affinity {
  LTarget: string
  RTarget: string
  Operand: string
  Weight: number
}

export interface SpreadTarget {
  Value: string
  Percent: number
}

export interface Spread {
  Attribute: string
  Weight: number
  SpreadTarget: SpreadTarget[] | null
}

export interface Port {
  Label: string
  Value: number // static port; 0 when dynamic
  To: number
  HostNetwork: string
}

export interface NetworkResource {
  Mode: string
  Device?: string
  CIDR?: string
  IP?: string
  MBits?: number | null
  Hostname?: string
  DNS?: unknown
  ReservedPorts: Port[] | null
  DynamicPorts: Port[] | null
}

export interface Resources {
  CPU: number
  Cores?: number | null
  MemoryMB: number
  MemoryMaxMB?: number | null
  DiskMB?: number | null
  Networks?: NetworkResource[] | null
  Devices?: unknown[] | null
}

export interface ServiceCheck {
  Name: string
  Type: string // http | tcp | script | grpc
  Command?: string
  Args?: string[] | null
  Path?: string
  Protocol?: string
  PortLabel?: string
  Method?: string
  Header?: Record<string, string[]> | null
  Interval: Duration
  Timeout: Duration
  InitialStatus?: string
  TaskName?: string
  Expose?: boolean
  SuccessBeforePassing?: number
  FailuresBeforeCritical?: number
  OnUpdate?: string
  [extra: string]: unknown
}

export interface Service {
  Name: string
  Tags: string[] | null
  CanaryTags: string[] | null
  PortLabel: string
  AddressMode: string
  Address?: string
  Checks: ServiceCheck[] | null
  Provider: string // consul | nomad
  TaskName?: string
  Meta?: Record<string, string> | null
  CanaryMeta?: Record<string, string> | null
  OnUpdate?: string
  [extra: string]: unknown
}

export interface RestartPolicy {
  Attempts: number
  Interval: Duration
  Delay: Duration
  Mode: 'fail' | 'delay'
  RenderTemplates?: boolean
}

export interface ReschedulePolicy {
  Attempts: number
  Interval: Duration
  Delay: Duration
  DelayFunction: 'constant' | 'exponential' | 'fibonacci'
  MaxDelay: Duration
  Unlimited: boolean
}

export interface UpdateStrategy {
  Stagger: Duration
  MaxParallel: number
  HealthCheck: 'checks' | 'task_states' | 'manual'
  MinHealthyTime: Duration
  HealthyDeadline: Duration
  ProgressDeadline: Duration
  Canary: number
  AutoRevert: boolean
  AutoPromote: boolean
}

export interface MigrateStrategy {
  MaxParallel: number
  HealthCheck: string
  MinHealthyTime: Duration
  HealthyDeadline: Duration
}

export interface PeriodicConfig {
  Enabled: boolean
  Spec: string
  SpecType: 'cron'
  Specs?: string[] | null
  ProhibitOverlap: boolean
  TimeZone: string
}

export interface ParameterizedJobConfig {
  Payload: string
  MetaRequired: string[] | null
  MetaOptional: string[] | null
}

export interface EphemeralDisk {
  Sticky: boolean
  Migrate: boolean
  SizeMB: number
}

export interface LogConfig {
  MaxFiles: number
  MaxFileSizeMB: number
  Disabled?: boolean
}

export interface Template {
  SourcePath?: string | null
  DestPath: string
  EmbeddedTmpl?: string | null
  ChangeMode: string
  ChangeSignal?: string | null
  Splay: Duration
  Perms: string
  LeftDelim: string
  RightDelim: string
  Envvars: boolean
  [extra: string]: unknown
}

export interface TaskArtifact {
  GetterSource: string
  GetterOptions?: Record<string, string> | null
  GetterHeaders?: Record<string, string> | null
  GetterMode: string
  RelativeDest: string
}

export interface TaskLifecycle {
  Hook: 'prestart' | 'poststart' | 'poststop'
  Sidecar: boolean
}

export interface VolumeRequest {
  Name: string
  Type: string
  Source: string
  ReadOnly: boolean
  [extra: string]: unknown
}

export interface VolumeMount {
  Volume: string
  Destination: string
  ReadOnly: boolean
  PropagationMode?: string
  [extra: string]: unknown
}

export interface ScalingPolicy {
  Min: number | null
  Max: number | null
  Policy: Record<string, unknown> | null
  Enabled: boolean
  Type: string
  [extra: string]: unknown
}

export interface Task {
  Name: string
  Driver: string
  User?: string
  Config: Record<string, unknown> | null
  Env: Record<string, string> | null
  Services: Service[] | null
  Resources: Resources
  Meta: Record<string, string> | null
  KillTimeout: Duration
  KillSignal?: string
  LogConfig: LogConfig
  Artifacts: TaskArtifact[] | null
  Templates: Template[] | null
  Constraints: Constraint[] | null
  Affinities: Affinity[] | null
  Lifecycle: TaskLifecycle | null
  VolumeMounts: VolumeMount[] | null
  RestartPolicy: RestartPolicy | null
  Leader: boolean
  ShutdownDelay: Duration
  [extra: string]: unknown
}

export interface TaskGroup {
  Name: string
  Count: number
  Constraints: Constraint[] | null
  Affinities: Affinity[] | null
  Spreads: Spread[] | null
  Tasks: Task[]
  RestartPolicy: RestartPolicy
  ReschedulePolicy: ReschedulePolicy | null
  EphemeralDisk: EphemeralDisk
  Update: UpdateStrategy | null
  Migrate: MigrateStrategy | null
  Networks: NetworkResource[] | null
  Services: Service[] | null
  Volumes: Record<string, VolumeRequest> | null
  Meta: Record<string, string> | null
  Scaling: ScalingPolicy | null
  ShutdownDelay?: Duration | null
  StopAfterClientDisconnect?: Duration | null
  MaxClientDisconnect?: Duration | null
  [extra: string]: unknown
}

export interface Job {
  ID: string
  Name: string
  Namespace: string
  Region: string
  Type: JobType
  Priority: number
  AllAtOnce: boolean
  Datacenters: string[]
  NodePool: string
  Constraints: Constraint[] | null
  Affinities: Affinity[] | null
  Spreads: Spread[] | null
  TaskGroups: TaskGroup[]
  Update: UpdateStrategy | null
  Periodic: PeriodicConfig | null
  ParameterizedJob: ParameterizedJobConfig | null
  Meta: Record<string, string> | null
  Stop: boolean
  ParentID?: string
  // Set by the store when the job is submitted; absent in a rendered job file.
  Version?: number
  Status?: string
  Stable?: boolean // set on a job version once a deployment of it succeeded
  SubmitTime?: number
  [extra: string]: unknown
}
