// A scenario file (fixtures/scenarios/*.yaml) after loading: timed steps, each with its line.

export type StepAction = 'stop' | 'start' | 'kill' | 'pause' | 'run' | 'expect'
export const STEP_ACTIONS: readonly StepAction[] = ['stop', 'start', 'kill', 'pause', 'run', 'expect']

export interface Expectation {
  /** At most this many failed requests since the run began. */
  failedRequests?: number
  /** At least this availability (%) since the run began. */
  minAvailability?: number
  /** Every fault so far recovered within this. */
  maxRecoveryMs?: number
}

export interface ScenarioStep {
  /** 1-based, as the user counts them. */
  index: number
  line: number
  atMs: number
  action: StepAction
  /** Component name, `etcd-leader`, `server-leader` or `task:<job>`. */
  target?: string
  pauseMs?: number
  /** run: the job file (absolute) and its variables. */
  file?: string
  vars?: Record<string, string>
  expect?: Expectation
}

export interface Scenario {
  file: string
  name: string
  durationMs: number
  steps: ScenarioStep[]
}

/** Names a scenario may use besides the platform's components. */
export const LEADER_ALIASES = ['etcd-leader', 'server-leader'] as const
