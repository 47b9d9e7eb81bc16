// Builders for the model objects the alloc runner takes, with Nomad's defaults filled in.
import type {Allocation, Job, Node, Task, TaskGroup} from '../../src/model/index.js'

export function makeTask(over: Partial<Task> & {Name: string}): Task {
  return {
    Driver: 'raw_exec',
    Config: {command: 'true'},
    Env: null,
    Services: null,
    Resources: {CPU: 100, MemoryMB: 64},
    Meta: null,
    KillTimeout: 2e9,
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

export function makeGroup(tasks: Task[], over: Partial<TaskGroup> = {}): TaskGroup {
  return {
    Name: 'web',
    Count: 1,
    Constraints: null,
    Affinities: null,
    Spreads: null,
    Tasks: tasks,
    RestartPolicy: {Attempts: 0, Interval: 60e9, Delay: 0, Mode: 'fail'},
    ReschedulePolicy: null,
    EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 300},
    Update: null,
    Migrate: null,
    Networks: null,
    Services: null,
    Volumes: null,
    Meta: null,
    Scaling: null,
    ...over,
  }
}

export function makeJob(groups: TaskGroup[], over: Partial<Job> = {}): Job {
  return {
    ID: 'demo',
    Name: 'demo',
    Namespace: 'default',
    Region: 'global',
    Type: 'service',
    Priority: 50,
    AllAtOnce: false,
    Datacenters: ['dc1'],
    NodePool: 'default',
    Constraints: null,
    Affinities: null,
    Spreads: null,
    TaskGroups: groups,
    Update: null,
    Periodic: null,
    ParameterizedJob: null,
    Meta: null,
    Stop: false,
    ...over,
  }
}

export function makeNode(over: Partial<Node> = {}): Node {
  return {
    ID: 'node-1-id',
    Name: 'node-1',
    Datacenter: 'dc1',
    NodeClass: 'small',
    NodePool: 'default',
    Address: '127.0.0.1',
    Attributes: {'kernel.name': 'linux', 'unique.hostname': 'host1'},
    Meta: {rack: 'r1'},
    Drivers: {raw_exec: {Detected: true, Healthy: true}},
    NodeResources: {CpuShares: 4000, MemoryMB: 4096, DiskMB: 10000, MinDynamicPort: 20000, MaxDynamicPort: 32000},
    ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []},
    Status: 'ready',
    SchedulingEligibility: 'eligible',
    DrainStrategy: null,
    ...over,
  }
}

export function makeAlloc(over: Partial<Allocation> = {}): Allocation {
  return {
    ID: '0123abcd-0000-4000-8000-000000000001',
    EvalID: 'eval-1',
    Name: 'demo.web[2]',
    Namespace: 'default',
    NodeID: 'node-1-id',
    NodeName: 'node-1',
    JobID: 'demo',
    JobVersion: 0,
    TaskGroup: 'web',
    AllocatedResources: {Tasks: {}, Shared: {DiskMB: 300, Ports: []}},
    DesiredStatus: 'run',
    DesiredDescription: '',
    DesiredTransition: {},
    ClientStatus: 'pending',
    ClientDescription: '',
    DeploymentID: null,
    DeploymentStatus: null,
    RescheduleTracker: null,
    PreviousAllocation: null,
    NextAllocation: null,
    FollowupEvalID: null,
    Metrics: null,
    TaskStates: null,
    CreateTime: 0,
    ModifyTime: 0,
    ...over,
  }
}
