import {readdirSync, readFileSync} from 'node:fs'

// Reading other processes through Linux's /proc. Everything returns null/[] where /proc is
// missing (macOS) or the process is gone or not ours to read.

export interface ProcInfo {
  pid: number
  pgid: number
  state: string
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat): a recycled pid differs. */
  startTicks: number
}

export function readProcStat(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may hold spaces and parentheses: split after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {pid, state: rest[0]!, pgid: Number(rest[2]), startTicks: Number(rest[19])}
  } catch {
    return null
  }
}

export function readEnviron(pid: number): Map<string, string> | null {
  try {
    const out = new Map<string, string>()
    for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const i = kv.indexOf('=')
      if (i > 0) out.set(kv.slice(0, i), kv.slice(i + 1))
    }
    return out
  } catch {
    return null
  }
}

export function readCmdline(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  } catch {
    return null
  }
}

export function listPids(): number[] {
  try {
    return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number)
  } catch {
    return []
  }
}

/** Processes whose environment holds every given variable with the given value. */
export function findByEnv(match: Record<string, string>): {pid: number; env: Map<string, string>}[] {
  const out: {pid: number; env: Map<string, string>}[] = []
  for (const pid of listPids()) {
    if (pid === process.pid) continue
    const env = readEnviron(pid)
    if (env && Object.entries(match).every(([k, v]) => env.get(k) === v)) out.push({pid, env})
  }
  return out
}

// Labels every task process carries, so that a node agent (or the CLI) finds the tasks an
// earlier agent of the same node left behind when it and its watchdog died together.
export const TASK_LABELS = {cluster: 'ZDEV_TASK_CLUSTER', node: 'ZDEV_TASK_NODE', nodeDir: 'ZDEV_TASK_NODE_DIR'} as const

export function taskLabels(cluster: string, node: string, nodeDir: string): Record<string, string> {
  return {[TASK_LABELS.cluster]: cluster, [TASK_LABELS.node]: node, [TASK_LABELS.nodeDir]: nodeDir}
}

/** Process groups of tasks labelled with this node (any group but the caller's own). */
export function findTaskGroups(labels: Record<string, string>): {pgid: number; pids: number[]}[] {
  const own = readProcStat(process.pid)?.pgid
  const groups = new Map<number, number[]>()
  for (const {pid} of findByEnv(labels)) {
    const st = readProcStat(pid)
    if (!st || st.state === 'Z' || st.pgid === own) continue
    groups.set(st.pgid, [...(groups.get(st.pgid) ?? []), pid])
  }
  return [...groups].map(([pgid, pids]) => ({pgid, pids}))
}
