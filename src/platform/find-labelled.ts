import {findByEnv, readProcStat} from '../lib/proc.js'

export interface LabelledProcess {
  pid: number
  component: string
  /** Start time when it was found: it is signalled only while it is still that process. */
  startTicks?: number
}

/**
 * Processes carrying this state dir's labels (ZDEV_STATE_DIR in their environment), found through
 * /proc: cleanup finds leftovers even when state.json lost track of them. Linux only; [] elsewhere.
 */
export function findLabelledProcesses(stateDir: string): LabelledProcess[] {
  if (process.platform !== 'linux') return []
  return findByEnv({ZDEV_STATE_DIR: stateDir}).map(({pid, env}) => ({pid, component: env.get('ZDEV_COMPONENT') ?? '?', startTicks: readProcStat(pid)?.startTicks}))
}
