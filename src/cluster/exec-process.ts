// The host side of `alloc exec` for raw_exec/exec tasks: find the task's main process on this
// machine (Linux /proc: the process whose environment carries this NOMAD_ALLOC_ID and
// NOMAD_TASK_NAME and whose parent does not), and run the command with its environment in its
// working directory.
import {readdirSync, readFileSync, readlinkSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import type {ExecPlan, ExecTarget} from './exec-target.js'

export interface ProcInfo {
  pid: number
  ppid: number
  env: Record<string, string>
}

/** Pure: NUL-separated KEY=VALUE pairs of /proc/<pid>/environ. */
export function parseEnviron(raw: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const kv of raw.split('\0')) {
    const eq = kv.indexOf('=')
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1)
  }
  return env
}

/** Pure: the task's main process among `procs` (its parent is not one of the task's processes). */
export function taskMainProcess(procs: ProcInfo[], allocId: string, task: string): ProcInfo | undefined {
  const mine = procs.filter((p) => p.env.NOMAD_ALLOC_ID === allocId && p.env.NOMAD_TASK_NAME === task)
  const pids = new Set(mine.map((p) => p.pid))
  return mine.filter((p) => !pids.has(p.ppid)).sort((a, b) => a.pid - b.pid)[0]
}

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      out.push({pid: Number(name), ppid, env: parseEnviron(readFileSync(`/proc/${name}/environ`, 'utf8'))})
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

export function hostExecPlan(t: ExecTarget, cmd: string[]): ExecPlan {
  if (process.platform !== 'linux') {
    throw new UserError('alloc exec into raw_exec/exec tasks reads the task process from /proc, which only Linux has.', {code: 'unsupported_platform'})
  }
  const p = taskMainProcess(readProcs(), t.alloc.ID, t.task)
  if (!p) {
    throw new UserError(`Task "${t.task}" of allocation ${t.alloc.ID.slice(0, 8)} (${t.alloc.Name}) has no running process on this machine (it may be restarting).`, {code: 'not_running', hint: `see \`zdev alloc status ${t.alloc.ID.slice(0, 8)}\`.`})
  }
  let cwd: string | undefined
  try {
    cwd = readlinkSync(`/proc/${p.pid}/cwd`)
  } catch {
    cwd = undefined
  }
  return {command: cmd[0]!, args: cmd.slice(1), env: p.env, cwd}
}
