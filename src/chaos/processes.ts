import {UserError} from '../lib/errors.js'
import {findByEnv, readProcStat, TASK_LABELS} from '../lib/proc.js'
import {isProcessAlive, MARKER_VAR, type ProcessIdentity} from '../platform/process-alive.js'
import {readState} from '../platform/state.js'
import {readSuperviseRecord} from '../platform/supervise-record.js'
import {liveSupervisor} from '../platform/supervisor-client.js'
import type {ComponentKind} from '../platform/types.js'

// The processes a fault hits, found through state.json and the supervisor's records, and the
// signals themselves. Each signal is preceded by an identity check (start time + the cluster's
// marker), so a recycled pid is never hit. A paused process is always resumed (resumeAll).

export interface TargetProcess {
  name: string
  kind: ComponentKind
  pid: number
  identity: ProcessIdentity
  /** The platform's supervisor runs it, and restarts it when it dies. */
  supervised: boolean
}

/** The process doing the component's work (state.json shows the supervisor's current child). */
export async function findComponentProcess(stateDir: string, name: string): Promise<TargetProcess> {
  const state = await readState(stateDir)
  const c = state?.components.find((x) => x.name === name)
  if (!c) throw new UserError(`no component named "${name}" in this cluster's state`, {code: 'unknown_member'})
  const supervised = !!c.supervisor && !!liveSupervisor(stateDir, c.env[MARKER_VAR])
  if (isProcessAlive(c.pid, c)) return {name, kind: c.kind, pid: c.pid!, identity: c, supervised}
  throw new UserError(`${name} is not running`, {code: 'not_running', hint: `start it with \`zdev ${c.kind === 'etcd' ? 'kv' : c.kind} start ${name}\``})
}

/** The supervisor runs a new child (not `oldPid`) for the component. */
export function restartedChild(stateDir: string, name: string, oldPid: number): boolean {
  const rec = readSuperviseRecord(stateDir, name)
  return !!rec?.childPid && rec.childPid !== oldPid && isProcessAlive(rec.childPid)
}

export function signalTarget(t: TargetProcess, sig: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): boolean {
  if (!isProcessAlive(t.pid, t.identity) && !(sig === 'SIGCONT' && readProcStat(t.pid)?.state === 'T')) return false
  try {
    process.kill(t.pid, sig)
    return true
  } catch {
    return false
  }
}

const paused = new Map<number, TargetProcess>()

/** SIGSTOP now, SIGCONT after `ms`; resolves when resumed. */
export async function pauseFor(t: TargetProcess, ms: number): Promise<boolean> {
  if (!signalTarget(t, 'SIGSTOP')) return false
  paused.set(t.pid, t)
  await new Promise((r) => setTimeout(r, ms))
  resume(t)
  return true
}

function resume(t: TargetProcess): void {
  if (!paused.delete(t.pid)) return
  try {
    process.kill(t.pid, 'SIGCONT')
  } catch {
    // gone meanwhile
  }
}

/** Resume every process this run paused (on the way out, even after an error or Ctrl-C). */
export function resumeAll(): void {
  for (const t of [...paused.values()]) resume(t)
}

/** Process groups of the tasks of one allocation (raw_exec/exec tasks carry their labels). */
export function taskGroupsOf(cluster: string, allocId: string): number[] {
  const groups = new Set<number>()
  for (const {pid} of findByEnv({NOMAD_ALLOC_ID: allocId, [TASK_LABELS.cluster]: cluster})) {
    const st = readProcStat(pid)
    if (st && st.state !== 'Z') groups.add(st.pgid)
  }
  return [...groups]
}

export function killGroups(pgids: number[]): number {
  let n = 0
  for (const g of pgids) {
    try {
      process.kill(-g, 'SIGKILL')
      n++
    } catch {
      // already gone
    }
  }
  return n
}
