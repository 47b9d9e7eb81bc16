import type {ComponentKind} from './types.js'

// The lifecycle as plain data: a plan is built by a pure function from the Platform, then run
// by the executor. Specs can be inspected and tested without starting anything.
// Each step names the steps it runs after (`after`); steps whose dependencies are done run at
// once, concurrently. Without `after` a step runs after the one before it in the list.

export type ReadyCheck =
  | {kind: 'tcp'; host: string; port: number}
  | {kind: 'http'; url: string}
  | {kind: 'none'}
  /** The process says so itself: a "ready" line on fd 3 (src/lib/ready-signal.ts). */
  | {kind: 'signal'}

export interface ProcessSpec {
  name: string
  kind: ComponentKind
  command: string
  args: string[]
  /** Added to the parent's environment; always holds ZDEV_CLUSTER and ZDEV_COMPONENT. */
  env: Record<string, string>
  cwd: string
  logFile: string
  /** etcd only: the member's data dir (kept across down/up, removed by --purge). */
  dataDir?: string
  ports: Record<string, number>
  /** URLs clients use (etcd client URL, proxy listen URL). */
  endpoints: string[]
  ready: ReadyCheck
}

/** What a task step's run returns: the detail shown after ✓ (default "done"). */
export type TaskResult = string | void

export type PlanStep =
  /**
   * Start a process. With `gate` (step names) a signal-ready process is spawned as soon as
   * `after` allows, loads its code meanwhile, and is let go once the gate steps are done.
   */
  | {kind: 'start'; spec: ProcessSpec; after?: string[]; gate?: string[]}
  | {kind: 'wait-quorum'; name: string; endpoints: string[]; timeoutMs: number; after?: string[]}
  /** Anything else (enable auth, submit jobs, wait for them): run, and undo on a later failure. */
  | {kind: 'task'; name: string; after?: string[]; run: () => Promise<TaskResult>; rollback?: () => Promise<void>}

export interface Plan {
  cluster: string
  stateDir: string
  steps: PlanStep[]
  /** Start steps run as children of the platform's supervisor (src/supervise.ts), started on first use. */
  supervisor?: {entry: string; nodeBin: string; labels: Record<string, string>}
}

/** Title of a step as progress views show it. */
export function stepName(step: PlanStep): string {
  return step.kind === 'start' ? step.spec.name : step.name
}
