import type {TaskEvent, TaskState} from '../../model/index.js'

// Nomad's task event types (structs.TaskEvent*), with the messages its CLI shows.
export const EV = {
  received: 'Received',
  setup: 'Task Setup',
  setupFailure: 'Setup Failure',
  driverFailure: 'Driver Failure',
  started: 'Started',
  terminated: 'Terminated',
  restarting: 'Restarting',
  notRestarting: 'Not Restarting',
  killing: 'Killing',
  killed: 'Killed',
  siblingFailed: 'Sibling Task Failed',
  leaderDead: 'Leader Task Dead',
  mainDead: 'Main Tasks Dead',
  templateFailure: 'Template Failure',
  downloadingArtifacts: 'Downloading Artifacts',
  artifactFailure: 'Failed Artifact Download',
  restartSignal: 'Restart Signaled',
  signaling: 'Signaling',
  template: 'Template', // Nomad's event while a template waits for data ("Missing: …")
  hookFailed: 'Task hook failed',
  /** Nomad's TaskEventDriverMessage: progress a driver reports (image pulls). */
  driver: 'Driver',
} as const

export function newTaskState(): TaskState {
  return {State: 'pending', Failed: false, Restarts: 0, LastRestart: null, StartedAt: null, FinishedAt: null, Events: []}
}

export function event(type: string, time: number, message: string, exitCode?: number): TaskEvent {
  return exitCode === undefined ? {Type: type, Time: time, Message: message} : {Type: type, Time: time, Message: message, ExitCode: exitCode}
}

/** Nomad keeps the last 10 events per task. */
export const MAX_EVENTS = 10

export function withEvent(state: TaskState, ev: TaskEvent): TaskState {
  return {...state, Events: [...state.Events, ev].slice(-MAX_EVENTS)}
}

export function exitMessage(exitCode: number | null, signal: string | null): string {
  return `Exit Code: ${exitCode ?? (signal ? 128 + signalNumber(signal) : -1)}${signal ? `, Signal: ${signal}` : ''}`
}

function signalNumber(sig: string): number {
  const table: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGTERM: 15}
  return table[sig] ?? 0
}
