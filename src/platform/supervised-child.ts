import {isProcessAlive, MARKER_VAR} from './process-alive.js'
import {stopProcess} from './process-stop.js'
import type {ComponentState} from './state.js'
import {readSuperviseRecord} from './supervise-record.js'

/**
 * A supervisor killed by SIGKILL leaves its child running (etcd cannot notice; agents exit on
 * their own). Before such a component starts again, stop that child, if it still is the
 * process the supervisor started (start time and cluster marker match).
 */
export async function stopLeftoverChild(stateDir: string, c: ComponentState): Promise<boolean> {
  const rec = readSuperviseRecord(stateDir, c.name)
  if (!rec?.childPid) return false
  const marker = c.env[MARKER_VAR]
  const identity = {startTicks: rec.childStartTicks, env: marker ? {[MARKER_VAR]: marker} : undefined}
  if (rec.childStartTicks === undefined || !isProcessAlive(rec.childPid, identity)) return false
  await stopProcess(rec.childPid, 2000, identity)
  return true
}
