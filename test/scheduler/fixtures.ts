// Jobs, nodes and evaluations built in code with Nomad's defaults, for scheduler tests.
import type {Allocation, Evaluation, Job, Node, Task, TaskGroup} from '../../src/model/index.js'
import {HOUR, MINUTE, SECOND} from '../../src/model/index.js'

export function makeNode(i: number, over: Partial<Node> = {}): Node {
  return {
    ID: `node-${String(i).padStart(3, '0')}`,
    Name: `n${i}`,
    Datacenter: 'dc1',
    NodeClass: '',
    NodePool: 'default',
    Address: `127.0.1.${(i % 250) + 1}`,
    Attributes: {'kernel.name': 'linux', 'cpu.arch': 'amd64', 'os.version': '12.4', 'driver.docker.version': '24.0.5'},
    Meta: {},
    Drivers: {raw_exec: {Detected: true, Healthy: true}, exec: {Detected: true, Healthy: true}},
    NodeResources: {CpuShares: 4000, MemoryMB: 8192, DiskMB: 100_000, MinDynamicPort: 20000, MaxDynamicPort: 32000},
    ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []},
    Status: 'ready',
    SchedulingEligibility: 'eligible',
    DrainStrategy: null,
    ...over,
  }
}

export function makeNodes(n: number, over: (i: number) => Partial<Node> = () => ({})): Node[] {
  return Array.from({length: n}, (_, i) => makeNode(i, over(i)))
}

export function makeTask(over: Partial<Task> = {}): Task {
  return {
    Name: 'app',
    Driver: 'raw_exec',
    Config: {command: '/bin/sleep', args: ['1000']},
    Env: null,
    Services: null,
    Resources: {CPU: 100, MemoryMB: 300},
    Meta: null,
    KillTimeout: 5 * SECOND,
    LogConfig: {MaxFiles: 10, MaxFileSizeMB: 10},
    Artifacts: null,
    Templates: null,
    Constraints: null,
    Affinities: null,
    Lifecycle: null,
    VolumeMounts: null,
    RestartPolicy: null,
    Leader: false,
    ShutdownDelay: 0,
    ...over,
  }
}

export function makeGroup(over: Partial<TaskGroup> = {}, type: Job['Type'] = 'service'): TaskGroup {
  const batch = type === 'batch' || type === 'sysbatch'
  return {
    Name: 'web',
    Count: 1,
    Constraints: null,
    Affinities: null,
    Spreads: null,
    Tasks: [makeTask()],
    RestartPolicy: {Attempts: 2, Interval: 30 * MINUTE, Delay: 15 * SECOND, Mode: 'fail'},
    ReschedulePolicy:
      type === 'service'
        ? {Attempts: 0, Interval: 0, Delay: 30 * SECOND, DelayFunction: 'exponential', MaxDelay: HOUR, Unlimited: true}
        : type === 'batch'
          ? {Attempts: 1, Interval: 24 * HOUR, Delay: 5 * SECOND, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false}
          : null,
    EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 300},
    Update: batch ? null : null,
    Migrate: type === 'service' ? {MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * SECOND, HealthyDeadline: 5 * MINUTE} : null,
    Networks: null,
    Services: null,
    Volumes: null,
    Meta: null,
    Scaling: null,
    ...over,
  }
}

export function updateStrategy(over: Partial<NonNullable<TaskGroup['Update']>> = {}): NonNullable<TaskGroup['Update']> {
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
    ...over,
  }
}

export function makeJob(over: Partial<Job> = {}, groups?: Partial<TaskGroup>[]): Job {
  const type = over.Type ?? 'service'
  return {
    ID: 'example',
    Name: 'example',
    Namespace: 'default',
    Region: 'global',
    Type: type,
    Priority: 50,
    AllAtOnce: false,
    Datacenters: ['*'],
    NodePool: 'default',
    Constraints: null,
    Affinities: null,
    Spreads: null,
    TaskGroups: (groups ?? [{}]).map((g) => makeGroup(g, type)),
    Update: null,
    Periodic: null,
    ParameterizedJob: null,
    Meta: null,
    Stop: false,
    Version: 0,
    ...over,
  }
}

export function makeEval(job: Pick<Job, 'ID' | 'Type' | 'Namespace' | 'Priority'>, id = 'eval-1', trigger: Evaluation['TriggeredBy'] = 'job-register'): Evaluation {
  return {
    ID: id,
    Namespace: job.Namespace,
    Priority: job.Priority,
    Type: job.Type,
    TriggeredBy: trigger,
    JobID: job.ID,
    Status: 'pending',
    StatusDescription: '',
    WaitUntil: null,
    FailedTGAllocs: null,
    CreateTime: 0,
  }
}

export function liveAllocs(allocs: Allocation[], jobId?: string): Allocation[] {
  return allocs.filter((a) => (jobId === undefined || a.JobID === jobId) && a.DesiredStatus === 'run' && !['complete', 'failed', 'lost'].includes(a.ClientStatus))
}

export function idGen(prefix = 'id'): () => string {
  let n = 0
  return () => `${prefix}-${String(++n).padStart(6, '0')}`
}
