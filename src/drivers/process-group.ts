import {constants} from 'node:os'

/** True for a signal name Node can send, e.g. "SIGTERM". */
export function isSignalName(name: string): boolean {
  return Object.hasOwn(constants.signals, name)
}

/** Signal every process of group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw err
  }
}

export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0)
}

/** Polls until no process of the group is left or `timeoutMs` passed; true when it is gone. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (groupAlive(pgid)) {
    if (Date.now() >= until) return false
    await new Promise((r) => setTimeout(r, 20))
  }
  return true
}
