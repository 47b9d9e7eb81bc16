// Pure: when and whether a supervised platform process is restarted.

export interface ExitInfo {
  code: number | null
  signal: string | null
}

/** A clean exit, or one the user asked for (SIGTERM/SIGINT): not restarted. */
export function isDeliberateExit(e: ExitInfo): boolean {
  return e.code === 0 || e.signal === 'SIGTERM' || e.signal === 'SIGINT'
}

export function describeExit(e: ExitInfo): string {
  if (e.signal) return `killed by ${e.signal}`
  if (e.code === 70) return 'exited 70 (uncaught exception)'
  return `exited ${e.code}`
}

export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  /** Running this long resets the backoff. */
  resetAfterMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {initialMs: 200, maxMs: 10_000, resetAfterMs: 30_000}

/** The delay before restart number `attempt` (1-based) of a run that lasted `ranMs`. */
export function nextDelay(p: BackoffPolicy, previousDelayMs: number, ranMs: number): number {
  if (ranMs >= p.resetAfterMs || previousDelayMs <= 0) return p.initialMs
  return Math.min(p.maxMs, previousDelayMs * 2)
}
