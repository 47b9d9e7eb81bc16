import {readCmdline, readEnviron, readProcStat} from '../lib/proc.js'

/** The per-cluster marker every platform process carries in its environment. */
export const MARKER_VAR = 'ZDEV_CLUSTER_ID'

/** What identifies a process zdev started: its argv, its start time and its cluster's marker. */
export interface ProcessIdentity {
  command?: string
  args?: string[]
  /** Start time in clock ticks since boot, read from /proc when it started. */
  startTicks?: number
  env?: Record<string, string>
}

/** The start time of `pid` (clock ticks since boot), or undefined without /proc. */
export function processStartTicks(pid: number): number | undefined {
  return readProcStat(pid)?.startTicks
}

/**
 * True when `pid` runs and (where /proc exists) is still the process we started: same argv,
 * same start time, same cluster marker. A recycled pid, or a pid written into state.json by
 * someone else, reads as dead, so nothing is ever signalled on its word. Zombies count as dead.
 */
export function isProcessAlive(pid: number | null | undefined, expect?: ProcessIdentity): boolean {
  if (!pid || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
    return !expect // someone else's process is never one of ours
  }
  if (process.platform !== 'linux') return true
  const st = readProcStat(pid)
  if (!st || st.state === 'Z' || st.state === 'X') return false
  if (!expect) return true
  if (expect.args) {
    const argv = readCmdline(pid)
    if (!argv || argv.length !== expect.args.length + 1 || !argv.slice(1).every((a, i) => a === expect.args![i])) return false
  }
  if (expect.startTicks !== undefined && st.startTicks !== expect.startTicks) return false
  const marker = expect.env?.[MARKER_VAR]
  if (marker !== undefined && readEnviron(pid)?.get(MARKER_VAR) !== marker) return false
  return true
}
