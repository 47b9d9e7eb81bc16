// `zdev alloc exec` / `zdev exec`: which allocation and task to enter, and how, per driver.
// raw_exec and exec tasks are host processes: the command runs with the running task's own
// environment (read from the process, so templates' env and Nomad's NOMAD_* are all there) in its
// task directory. Docker tasks go through `docker exec` (exec-docker.ts).
import {UserError} from '../lib/errors.js'
import type {Allocation, Job} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {findAlloc, findJob} from './resolve.js'
import {pickTask} from './task-pick.js'

export interface ExecTarget {
  alloc: Allocation
  task: string
  driver: string
}

/** What to spawn on this machine. */
export interface ExecPlan {
  command: string
  args: string[]
  env: Record<string, string>
  cwd: string | undefined
}

function jobOf(st: ClusterState, a: Allocation): Job | undefined {
  return (st.jobVersions[a.JobID] ?? []).find((j) => j.Version === a.JobVersion) ?? st.jobs[a.JobID]
}

function target(st: ClusterState, a: Allocation, task?: string): ExecTarget {
  if (a.ClientStatus !== 'running') {
    throw new UserError(`Allocation ${a.ID.slice(0, 8)} (${a.Name}) is ${a.ClientStatus}, not running: there is no task to exec into.`, {code: 'not_running', hint: `see \`zdev alloc status ${a.ID.slice(0, 8)}\`.`})
  }
  const job = jobOf(st, a)
  const name = pickTask(job, a, task)
  const driver = job?.TaskGroups.find((g) => g.Name === a.TaskGroup)?.Tasks.find((t) => t.Name === name)?.Driver ?? 'raw_exec'
  return {alloc: a, task: name, driver}
}

/** `alloc exec ALLOC`: the allocation named by ID or prefix. */
export function allocExecTarget(st: ClusterState, ref: string, task?: string): ExecTarget {
  return target(st, findAlloc(st, ref), task)
}

/** `exec JOB`: the running allocation of the job with the lowest index (deterministic). */
export function jobExecTarget(st: ClusterState, ref: string, opts: {group?: string; task?: string} = {}): ExecTarget {
  const job = findJob(st, ref)
  const running = st.allocs
    .filter((a) => a.JobID === job.ID && a.DesiredStatus === 'run' && a.ClientStatus === 'running' && (!opts.group || a.TaskGroup === opts.group))
    .sort((a, b) => a.Name.localeCompare(b.Name, undefined, {numeric: true}) || a.ID.localeCompare(b.ID))
  if (!running[0]) {
    throw new UserError(`Job "${job.ID}" has no running allocation${opts.group ? ` in group "${opts.group}"` : ''} to exec into.`, {code: 'not_running', hint: `see \`zdev job status ${job.ID}\`.`})
  }
  return target(st, running[0], opts.task)
}
