import {isProcessAlive, MARKER_VAR} from './process-alive.js'
import {stopProcess} from './process-stop.js'
import type {ComponentState, PlatformState} from './state.js'
import {liveSupervisor} from './supervisor-client.js'

/**
 * Components still running though the platform's supervisor is gone (killed by SIGKILL): the
 * agents exit with it (src/lib/crash-guard.ts), etcd members cannot notice and keep running with
 * nothing to restart them. `up` stops them (identity checked) so that it starts them again as
 * children of a new supervisor; returns those it stopped.
 */
export async function stopOrphanedChildren(stateDir: string, state: PlatformState): Promise<ComponentState[]> {
  const orphaned = state.components.filter((c) => c.supervisor && c.pid !== null && isProcessAlive(c.pid, c))
  if (!orphaned.length || liveSupervisor(stateDir, state.components[0]?.env[MARKER_VAR])) return []
  for (const c of orphaned) await stopProcess(c.pid!, 2000, c)
  return orphaned
}
