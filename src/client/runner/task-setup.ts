import type {LogSink, TaskSpec} from '../../drivers/driver.js'
import type {Allocation, Job, Node, RestartPolicy, Task, TaskGroup} from '../../model/index.js'
import type {TaskDirs} from './alloc-dir.js'
import {createAllocDir} from './alloc-dir.js'
import {ArtifactError, fetchArtifacts} from './artifacts.js'
import {interpolateDeep} from './interpolate.js'
import {RotatingLog} from './log-rotator.js'
import type {RenderContext, RenderResult} from './render-templates.js'
import {DEFAULT_RESTART} from './restart-policy.js'
import {buildTaskEnv} from './task-env.js'
import {EV} from './task-events.js'
import type {TemplateSource} from './template-data.js'
import {TemplateFailure} from './template-failure.js'

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
  templateSource?: TemplateSource
  /** While a template waits for data: how often to look again without a subscription (ms). */
  templatePollMs?: number
  /** Aborts a setup that waits for template data (the alloc was stopped). */
  signal?: AbortSignal
  /** Records a task event (Task Setup, Downloading Artifacts, Template "Missing: …"). */
  record?: (task: string, type: string, message: string) => void
  now?: () => number
}

export class SetupAborted extends Error {}

/** The render context of one task: its node, its workload identity, the data source. */
export function renderContext(input: Pick<SetupInput, 'alloc' | 'job' | 'group' | 'task' | 'node' | 'templateSource' | 'now'>): RenderContext {
  return {
    node: input.node,
    region: input.job.Region || 'global',
    identity: {namespace: input.alloc.Namespace || input.job.Namespace || 'default', job: input.job.ParentID || input.job.ID, group: input.group.Name, task: input.task.Name},
    source: input.templateSource,
    now: input.now,
  }
}

/** Renders, and while some data is missing waits for a change and tries again, as Nomad blocks. */
async function renderWhenReady(input: SetupInput, env: Record<string, string>): Promise<RenderResult> {
  if (!input.task.Templates?.length) {
    if (input.signal?.aborted) throw new SetupAborted()
    return {env: {}, texts: []}
  }
  // the template engine (and the YAML library consul's functions use) loads with the first task that has templates
  const {MissingDependency, renderTaskTemplates} = await import('./render-templates.js')
  const ctx = renderContext(input)
  let last = ''
  for (;;) {
    if (input.signal?.aborted) throw new SetupAborted()
    try {
      return await renderTaskTemplates(input.task.Templates ?? [], env, input.dirs.root, ctx)
    } catch (err) {
      if (!(err instanceof MissingDependency)) throw err
      if (err.message !== last) input.record?.(input.task.Name, EV.template, err.message)
      last = err.message
      await waitForChange(input)
    }
  }
}

function waitForChange(input: SetupInput): Promise<void> {
  return new Promise((resolve) => {
    let cancel: (() => void) | undefined
    const done = () => {
      clearTimeout(t)
      cancel?.()
      input.signal?.removeEventListener('abort', done)
      resolve()
    }
    const t = setTimeout(done, input.templateSource?.subscribe ? 30_000 : (input.templatePollMs ?? 1000))
    cancel = input.templateSource?.subscribe?.(done)
    input.signal?.addEventListener('abort', done)
  })
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
  const rendered = await renderWhenReady(input, base)
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
  return {ZDEV_CLUSTER: host.ZDEV_CLUSTER, ZDEV_KV_ENDPOINTS: host.ZDEV_KV_ENDPOINTS, ZDEV_KV_USERNAME: host.ZDEV_KV_USERNAME, ZDEV_KV_PASSWORD: host.ZDEV_KV_PASSWORD}
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

export interface PrepareAllInput extends Omit<SetupInput, 'task' | 'dirs' | 'record'> {
  allocDir: string
  drivers: string[]
  record: (task: string, type: string, message: string) => void
}

export type PrepareAllResult =
  | {prepared: Record<string, {dirs: TaskDirs; p: PreparedTask}>}
  | {failure: {task: string; type: string; message: string}}
  | {aborted: true}

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
      if (err instanceof SetupAborted) return {aborted: true}
      const type = err instanceof TemplateFailure ? EV.templateFailure : err instanceof ArtifactError ? EV.artifactFailure : EV.setupFailure
      return {failure: {task: task.Name, type, message: (err as Error).message}}
    }
  }
  return {prepared}
}
