import {mkdirSync, chmodSync} from 'node:fs'
import {join} from 'node:path'

// Nomad's allocation directory:
//   <allocDir>/alloc/{data,logs,tmp}        shared by the group's tasks (NOMAD_ALLOC_DIR)
//   <allocDir>/<task>/{local,secrets,tmp}   per task (NOMAD_TASK_DIR = local/)

export interface TaskDirs {
  root: string // <allocDir>/<task>: the task's working directory
  local: string
  secrets: string
  tmp: string
  allocShared: string // <allocDir>/alloc
  logs: string // <allocDir>/alloc/logs
}

export function taskDirs(allocDir: string, task: string): TaskDirs {
  const root = join(allocDir, task)
  return {
    root,
    local: join(root, 'local'),
    secrets: join(root, 'secrets'),
    tmp: join(root, 'tmp'),
    allocShared: join(allocDir, 'alloc'),
    logs: join(allocDir, 'alloc', 'logs'),
  }
}

/** Creates the shared and per-task directories (idempotent) and returns each task's paths. */
export function createAllocDir(allocDir: string, tasks: string[]): Record<string, TaskDirs> {
  for (const sub of ['data', 'logs', 'tmp']) mkdirSync(join(allocDir, 'alloc', sub), {recursive: true})
  const out: Record<string, TaskDirs> = {}
  for (const t of tasks) {
    const d = taskDirs(allocDir, t)
    for (const p of [d.local, d.tmp]) mkdirSync(p, {recursive: true})
    // secrets/ holds rendered credentials: only the task's user may enter (Nomad: 0700 too)
    mkdirSync(d.secrets, {recursive: true, mode: 0o700})
    chmodSync(d.secrets, 0o700)
    out[t] = d
  }
  return out
}
