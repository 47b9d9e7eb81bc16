// The task driver contract: start a process for a task, wait for it, stop it. Drivers know
// nothing of allocations or the KV; the task runner hands them a fully built TaskSpec.

/** Where a task's stdout or stderr bytes go (a rotating log file in practice). */
export interface LogSink {
  write(chunk: Buffer): void
}

export interface TaskSpec {
  /** Task name, for error messages. */
  name: string
  command: string
  args: string[]
  /** The complete environment of the process (nothing else is inherited). */
  env: Record<string, string>
  /** Working directory: the task dir. */
  cwd: string
  stdout: LogSink
  stderr: LogSink
  /** User name or numeric uid to run as (only honoured when the agent runs as root). */
  user?: string
  /** The task's `config` block, interpolated (drivers that read more than command/args). */
  config?: Record<string, unknown>
  /** Host paths of the task's directories (a container driver mounts them). */
  dirs?: {root: string; local: string; secrets: string; allocShared: string}
  /** The allocation's ports: host address and port, and the port inside (`to`, 0 = same). */
  ports?: {label: string; value: number; to: number; hostIP: string}[]
  resources?: {cpu: number; memoryMB: number; memoryMaxMB?: number}
  /** Identity of the task for labels: alloc id, job, group. */
  identity?: {allocId: string; job: string; group: string}
  /** Progress worth a task event (e.g. "Downloading image"). */
  onEvent?: (message: string) => void
}

export interface ExitResult {
  exitCode: number | null
  signal: string | null
}

export interface TaskHandle {
  pid: number
  wait(): Promise<ExitResult>
  /** Send `signal` to the task's process group, SIGKILL it after `timeoutMs`, resolve once it exited. */
  stop(signal: string, timeoutMs: number): Promise<void>
  /** Deliver a signal to the task's main process (template change_mode = "signal"). */
  signal?(signal: string): void
  /** Run a command inside the task (docker: `docker exec` in its container), e.g. a script check. */
  exec?(command: string, args: string[], timeoutMs: number): Promise<ExecResult>
}

export interface ExecResult {
  exitCode: number | null
  /** stdout and stderr interleaved, at most 64 KiB. */
  output: string
  timedOut: boolean
}

export interface Fingerprint {
  detected: boolean
  healthy: boolean
  attributes: Record<string, string>
}

export interface Driver {
  name: string
  fingerprint(): Promise<Fingerprint>
  start(spec: TaskSpec): Promise<TaskHandle>
}

/** A task could not be started; `recoverable` tells the restart policy whether trying again can help. */
export class DriverError extends Error {
  readonly driver: string
  readonly recoverable: boolean

  constructor(driver: string, message: string, opts: {recoverable?: boolean; cause?: unknown} = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = 'DriverError'
    this.driver = driver
    this.recoverable = opts.recoverable ?? false
  }
}
