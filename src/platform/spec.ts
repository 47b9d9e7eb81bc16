import type {ComponentKind} from './types.js'

// The lifecycle as plain data: a plan is built by a pure function from the Platform, then run
// by the executor. Specs can be inspected and tested without starting anything.

export type ReadyCheck =
  | {kind: 'tcp'; host: string; port: number}
  | {kind: 'http'; url: string}
  | {kind: 'none'}

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

export type PlanStep =
  | {kind: 'start'; spec: ProcessSpec}
  | {kind: 'wait-quorum'; name: string; endpoints: string[]; timeoutMs: number}

export interface Plan {
  cluster: string
  stateDir: string
  steps: PlanStep[]
}

/** Title of a step as progress views show it. */
export function stepName(step: PlanStep): string {
  return step.kind === 'start' ? step.spec.name : step.name
}
