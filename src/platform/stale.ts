import {isProcessAlive} from './process-alive.js'
import {withComponent, type ComponentState, type PlatformState} from './state.js'

/** Components recorded as running whose process is gone (zdev or the machine crashed). */
export function findStale(state: PlatformState | undefined): ComponentState[] {
  return state?.components.filter((c) => c.pid !== null && !isProcessAlive(c.pid, c)) ?? []
}

/** Forget the dead pids; data dirs and ports stay for the restart. */
export function cleanStale(state: PlatformState, stale: ComponentState[], now: Date): PlatformState {
  let s = state
  for (const c of stale) s = withComponent(s, {...c, pid: null, stoppedAt: now.toISOString()}, now)
  return s
}
