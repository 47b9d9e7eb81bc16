import {parseJobSource, type JobLoadOptions} from '../../src/jobspec/index.js'
import {UserError, UserErrors} from '../../src/lib/errors.js'
import type {Job} from '../../src/model/job.js'

export const FILE = 'job.nomad.hcl'

/** A minimal valid task, for cases about something else. */
export const TASK = 'task "t" {\n  driver = "exec"\n}'

export function load(src: string, opts: JobLoadOptions = {}, file = FILE): Promise<Job> {
  return parseJobSource(src, file, {uuid: () => '11111111-2222-4333-8444-555555555555', ...opts})
}

/** The messages of the errors a source produces (none: the source is valid). */
export async function messagesOf(src: string, opts: JobLoadOptions = {}, file = FILE): Promise<string[]> {
  try {
    await load(src, opts, file)
    return []
  } catch (err) {
    if (err instanceof UserErrors) return err.errors.map((e) => e.message)
    if (err instanceof UserError) return [err.message]
    throw err
  }
}

/** A job "j" with one group "g" holding `group` text and, unless told otherwise, one task. */
export function groupJob(group: string, opts: {job?: string; task?: string | null; head?: string} = {}): string {
  const task = opts.task === null ? '' : (opts.task ?? TASK)
  return `${opts.head ?? ''}\njob "j" {\n${opts.job ?? ''}\n  group "g" {\n${group}\n${task}\n  }\n}\n`
}

export function taskJob(task: string, opts: {job?: string; group?: string} = {}): string {
  return groupJob(opts.group ?? '', {job: opts.job, task: `task "t" {\n  driver = "exec"\n${task}\n}`})
}
