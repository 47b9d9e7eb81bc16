// Which task's logs to show for an allocation: the one named, the only one, or the only main
// (non-lifecycle) one. Pure.
import {UserError} from '../lib/errors.js'
import type {Allocation, Job} from '../model/index.js'

export function groupTasks(job: Job | undefined, a: Allocation): {name: string; main: boolean}[] {
  const tg = job?.TaskGroups.find((g) => g.Name === a.TaskGroup)
  if (tg) return tg.Tasks.map((t) => ({name: t.Name, main: !t.Lifecycle}))
  return Object.keys(a.TaskStates ?? a.AllocatedResources?.Tasks ?? {}).map((name) => ({name, main: true}))
}

export function pickTask(job: Job | undefined, a: Allocation, wanted?: string): string {
  const tasks = groupTasks(job, a)
  if (wanted) {
    if (!tasks.some((t) => t.name === wanted)) {
      throw new UserError(`Allocation ${a.ID.slice(0, 8)} (${a.Name}) has no task "${wanted}"; its tasks: ${tasks.map((t) => t.name).join(', ') || 'none'}.`, {code: 'not_found', field: 'task'})
    }
    return wanted
  }
  if (tasks.length === 1) return tasks[0]!.name
  const main = tasks.filter((t) => t.main)
  if (main.length === 1) return main[0]!.name
  throw new UserError(`Allocation ${a.ID.slice(0, 8)} (${a.Name}) runs ${tasks.length} tasks (${tasks.map((t) => t.name).join(', ')}); name one.`, {code: 'task_required', hint: `zdev alloc logs ${a.ID.slice(0, 8)} ${tasks[0]?.name ?? '<task>'}`})
}

/** Tasks to show for a job's allocation in `zdev logs`: the named one, or every main task. */
export function tasksForJobLogs(job: Job | undefined, a: Allocation, wanted?: string): string[] {
  const tasks = groupTasks(job, a)
  if (wanted) return tasks.some((t) => t.name === wanted) ? [wanted] : []
  const main = tasks.filter((t) => t.main).map((t) => t.name)
  return main.length ? main : tasks.map((t) => t.name)
}
