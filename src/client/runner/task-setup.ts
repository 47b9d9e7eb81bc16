import type {LogSink, TaskSpec} from '../../drivers/driver.js'
import type {Allocation, Job, Node, RestartPolicy, Task, TaskGroup} from '../../model/index.js'
import type {TaskDirs} from './alloc-dir.js'
import {createAllocDir} from './alloc-dir.js'
import {ArtifactError, fetchArtifacts} from './artifacts.js'
import {interpolateDeep} from './interpolate.js'
import {RotatingLog} from './log-rotator.js'
import {renderTaskTemplates, type ServiceLookup} from './render-templates.js'
import {DEFAULT_RESTART} from './restart-policy.js'
import {buildTaskEnv} from './task-env.js'
import {EV} from './task-events.js'
import {TemplateError} from './template.js'

// Everything a task needs before its driver is called, as plain data: the environment (with
// `env = true` templates folded in), the interpolated command line and the log sinks.

export interface ClosableSink extends LogSink {
  close(): void
}

export interface PreparedTask {
  env: Record<string, string>
  /** The env before template variables: what templates render against. */
  baseEnv: Record<string, string>
  templateTexts: string[]
  command: string
  args: string[]
  stdout: ClosableSink
  stderr: ClosableSink
  /** The interpolated driver config. */
  config: Record<string, unknown>
  ports: NonNullable<TaskSpec['ports']>
  identity: NonNullable<TaskSpec['identity']>
}

/** `logs { disabled = true }`: output is read and dropped. */
const DISCARD: ClosableSink = {write() {}, close() {}}

export interface SetupInput {
  alloc: Allocation
  job: Job
  group: TaskGroup
  task: Task
  node: Node
  dirs: TaskDirs
  hostEnv: Record<string, string | undefined>
  lookupServices?: ServiceLookup
}

/**
 * Fetches artifacts, renders templates, builds env and command line. Throws ArtifactError,
 * TemplateError or a plain Error (bad config) with a message for the task event.
 */
export async function prepareTask(input: SetupInput): Promise<PreparedTask> {
  const container = isContainerDriver(input.task.Driver)
  // In a container the task sees its dirs at /alloc, /local, /secrets and none of the host's
  // environment (Nomad gives the host env only to drivers without filesystem isolation), but
  // for the platform's own address, as raw_exec tasks have it: which cluster, which KV.
  const envInput = container ? {...input, hostEnv: platformEnv(input.hostEnv), dirs: CONTAINER_DIRS} : input
  const base = buildTaskEnv(envInput)
  if (input.task.Artifacts?.length) await fetchArtifacts(input.task.Artifacts, base, input.dirs.root)
  const rendered = await renderTaskTemplates(input.task.Templates ?? [], base, input.dirs.root, input.lookupServices)
  const env = Object.keys(rendered.env).length ? buildTaskEnv({...envInput, templateEnv: rendered.env}) : base
  const config = interpolateDeep(input.task.Config ?? {}, {env, node: input.node})
  const command = config.command ?? ''
  if (container && typeof command !== 'string') throw new Error(`task "${input.task.Name}": config.command must be a string`)
  if (!container && (typeof command !== 'string' || command === '')) {
    throw new Error(`task "${input.task.Name}": config.command is missing; set the program to run, e.g. command = "/usr/bin/python3"`)
  }
  const rawArgs = config.args ?? []
  if (!Array.isArray(rawArgs)) throw new Error(`task "${input.task.Name}": config.args must be a list of strings`)
  const logCfg = input.task.LogConfig ?? {MaxFiles: 10, MaxFileSizeMB: 10}
  const log = (stream: string): ClosableSink =>
    logCfg.Disabled
      ? DISCARD
      : new RotatingLog({
          dir: input.dirs.logs,
          base: `${input.task.Name}.${stream}`,
          maxFiles: logCfg.MaxFiles || 10,
          maxBytes: Math.max(1, Math.round((logCfg.MaxFileSizeMB || 10) * 1024 * 1024)),
        })
  const ports = (input.alloc.AllocatedResources?.Shared?.Ports ?? []).map((x) => ({label: x.Label, value: x.Value, to: x.To, hostIP: x.HostIP || input.node.Address}))
  const identity = {allocId: input.alloc.ID, job: input.job.ID, group: input.group.Name}
  return {env, baseEnv: base, templateTexts: rendered.texts, command: command as string, args: rawArgs.map(String), stdout: log('stdout'), stderr: log('stderr'), config, ports, identity}
}

/** Drivers whose tasks run in their own filesystem, seeing their dirs at fixed paths. */
export function isContainerDriver(driver: string): boolean {
  return driver === 'docker'
}

const CONTAINER_DIRS = {allocShared: '/alloc', local: '/local', secrets: '/secrets'}

function platformEnv(host: Record<string, string | undefined>): Record<string, string | undefined> {
  return {ZDEV_CLUSTER: host.ZDEV_CLUSTER, ZDEV_KV_ENDPOINTS: host.ZDEV_KV_ENDPOINTS}
}

export function toTaskSpec(task: Task, dirs: TaskDirs, p: PreparedTask): TaskSpec {
  return {
    name: task.Name, command: p.command, args: p.args, env: p.env, cwd: dirs.root, stdout: p.stdout, stderr: p.stderr, user: task.User || undefined,
    config: p.config, dirs, ports: p.ports, identity: p.identity,
    resources: {cpu: task.Resources?.CPU ?? 0, memoryMB: task.Resources?.MemoryMB ?? 0, memoryMaxMB: task.Resources?.MemoryMaxMB || undefined},
  }
}

/** The task's restart block merged over the group's, with Nomad's defaults for the job type. */
export function effectiveRestartPolicy(job: Job, group: TaskGroup, task: Task): RestartPolicy {
  const base = job.Type === 'batch' || job.Type === 'sysbatch' ? DEFAULT_RESTART.batch : DEFAULT_RESTART.service
  return {...base, ...(group.RestartPolicy ?? {}), ...(task.RestartPolicy ?? {})}
}

export interface PrepareAllInput extends Omit<SetupInput, 'task' | 'dirs'> {
  allocDir: string
  drivers: string[]
  /** Records a task event (Task Setup, Downloading Artifacts). */
  record: (task: string, type: string, message: string) => void
}

export type PrepareAllResult =
  | {prepared: Record<string, {dirs: TaskDirs; p: PreparedTask}>}
  | {failure: {task: string; type: string; message: string}}

/** Builds the alloc directory and prepares every task, stopping at the first failure. */
export async function prepareTasks(input: PrepareAllInput): Promise<PrepareAllResult> {
  const tasks = input.group.Tasks
  let dirs: Record<string, TaskDirs>
  try {
    dirs = createAllocDir(input.allocDir, tasks.map((t) => t.Name))
  } catch (err) {
    return {failure: {task: tasks[0]!.Name, type: EV.setupFailure, message: `failed to build the allocation directory: ${(err as Error).message}`}}
  }
  const prepared: Record<string, {dirs: TaskDirs; p: PreparedTask}> = {}
  for (const task of tasks) {
    input.record(task.Name, EV.setup, 'Building Task Directory')
    if (!input.drivers.includes(task.Driver)) {
      const message = `missing driver "${task.Driver}" on this node (available: ${input.drivers.join(', ') || 'none'})`
      return {failure: {task: task.Name, type: EV.setupFailure, message}}
    }
    if (task.Artifacts?.length) input.record(task.Name, EV.downloadingArtifacts, 'Client is downloading artifacts')
    try {
      prepared[task.Name] = {dirs: dirs[task.Name]!, p: await prepareTask({...input, task, dirs: dirs[task.Name]!})}
    } catch (err) {
      const type = err instanceof TemplateError ? EV.templateFailure : err instanceof ArtifactError ? EV.artifactFailure : EV.setupFailure
      return {failure: {task: task.Name, type, message: (err as Error).message}}
    }
  }
  return {prepared}
}
