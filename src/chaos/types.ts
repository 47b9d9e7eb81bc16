// Plain data shared by the chaos room: fault kinds, the schedule, load samples, the report.

export const FAULT_KINDS = ['etcd', 'server', 'node', 'proxy', 'task'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** kill = SIGKILL of the process (its supervisor restarts it); pause = SIGSTOP, then SIGCONT. */
export type FaultAction = 'kill' | 'pause'

/** One fault of a seeded schedule; the concrete target is chosen when it is injected. */
export interface PlannedFault {
  atMs: number
  kind: FaultKind
  action: FaultAction
  /** How long a pause lasts (pause only). */
  pauseMs?: number
  /** Which candidate to hit: candidates[pick % n] (etcd and server hit their leader). */
  pick: number
}

/** One request of the load: when it started (epoch ms), how long it took, and whether it got a 2xx/3xx/4xx answer. */
export interface Sample {
  t: number
  ms: number
  ok: boolean
  /** HTTP status, or the error code (ECONNREFUSED, timeout). */
  what: string
}

/** What happened to one fault (or scenario step), in epoch ms. */
export interface FaultEvent {
  id: string
  kind: FaultKind | 'stop' | 'start' | 'run' | 'expect'
  action: string
  target: string
  /** Scenario step: where it is written. */
  line?: number
  injectedAt: number
  /** The platform's view first showed the fault (a member unreachable, a registration gone …). */
  detectedAt: number | null
  /** Routed and healthy again (null: not within the limit). */
  recoveredAt: number | null
  /** Step outcome for steps that are not faults (run, expect, start …). */
  error?: string
  message?: string
}

/** What must survive the run: jobs (and versions), running allocations per job/group, durable KV keys. */
export interface Inventory {
  jobs: Record<string, number>
  running: Record<string, number>
  kvKeys: string[]
}

export interface Thresholds {
  minAvailability: number
  maxRecoveryMs: number
}
