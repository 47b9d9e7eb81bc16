import {UserError} from '../lib/errors.js'
import type {Job} from '../model/job.js'

// Nomad API JSON: `{"Job": {…}}` (what `nomad job run -json` and `-output` use) or the bare
// job object. Durations are nanoseconds, names PascalCase, exactly our model's shape.

export function parseApiJson(source: string, file: string): Job {
  let data: unknown
  try {
    data = JSON.parse(source)
  } catch (err) {
    const line = source.slice(0, errorOffset(source, (err as Error).message)).split('\n').length
    throw new UserError(`${file}:${line}: Invalid JSON; ${(err as Error).message}. Check the file is a Nomad job in API JSON ({"Job": {…}}) or HCL2.`, {code: 'invalid_json', file, line})
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'Job' in data) data = (data as {Job: unknown}).Job
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: Invalid job JSON; expected an object {"Job": {…}} or a job object with ID and TaskGroups.`, {code: 'invalid_json', file})
  }
  const job = data as Record<string, unknown>
  if (!('ID' in job) && !('TaskGroups' in job) && !('Name' in job)) {
    throw new UserError(`${file}: Invalid job JSON; no ID, Name or TaskGroups found. Check the file is a Nomad job in API JSON.`, {code: 'invalid_json', file})
  }
  return job as unknown as Job
}

/**
 * Where JSON.parse stopped: from "position N" when V8 says it, else the longest prefix that
 * still reads as unfinished-but-valid JSON (found by bisection).
 */
function errorOffset(source: string, message: string): number {
  const m = /position (\d+)/.exec(message)
  if (m) return Number(m[1])
  const unfinished = (k: number) => {
    try {
      JSON.parse(source.slice(0, k))
      return true
    } catch (e) {
      return /Unexpected end|Unterminated/.test((e as Error).message)
    }
  }
  let lo = 0
  let hi = source.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (unfinished(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** What `nomad job run -output` prints for a job: {"Job": {…}} with plain JSON values. */
export function toApiJson(job: Job): object {
  return {Job: JSON.parse(JSON.stringify(job)) as object}
}
