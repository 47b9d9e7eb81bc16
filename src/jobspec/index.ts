import {readFile} from 'node:fs/promises'
import {UserError, UserErrors} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {parseApiJson} from './api-json.js'
import {checkApiShape} from './api-shape.js'
import {canonicalizeJob} from './canonicalize.js'
import {attachLines} from './line-map.js'
import {checkSourceBounds} from './source-bounds.js'
import {validateJob} from './validate.js'

// Nomad job files (HCL2 or API JSON) → canonical, validated Job. The file system and
// randomness are used only here, at the edge, and can be injected.

export {canonicalizeJob} from './canonicalize.js'
export {validateJob} from './validate.js'
export {toApiJson} from './api-json.js'
export {parseVarArgs} from './var-args.js'

export interface JobLoadOptions {
  vars?: Record<string, string>
  varFiles?: string[]
  env?: Record<string, string | undefined>
  allowFs?: boolean
  /** Reads files for file() and var files; defaults to the local file system. */
  readFile?: (path: string) => string
  /** uuidv4(); defaults to crypto.randomUUID. */
  uuid?: () => string
  /**
   * Also run the checks a Nomad server applies on submit (validateJob: drivers, tasks, port
   * labels, checks, cron specs). Default true; false checks only what Nomad's parser checks.
   */
  serverChecks?: boolean
  /** Receives what Nomad accepts with a warning (e.g. a group service naming an undeclared port). */
  warnings?: string[]
}

export async function loadJobFile(path: string, opts: JobLoadOptions = {}): Promise<Job> {
  let source: string
  try {
    source = await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`${path}: cannot read the job file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path.`, {code: 'file_not_found', file: path})
  }
  return parseJobSource(source, path, {allowFs: true, ...opts})
}

export async function parseJobSource(source: string, filename: string, opts: JobLoadOptions = {}): Promise<Job> {
  const errors: UserError[] = []
  let job: Job | undefined
  let lines = new Map<string, number>()
  const isJson = source.trimStart().startsWith('{')
  const bounds = checkSourceBounds(source, filename, isJson ? 'json' : 'hcl')
  if (bounds) throw bounds
  if (isJson) {
    job = parseApiJson(source, filename)
    errors.push(...checkApiShape(job as unknown as Record<string, unknown>, filename))
    if (errors.length) throw collect(filename, errors)
  } else {
    // the HCL path (parser WASM, scanner, expression evaluator) is loaded only for HCL sources
    const {decodeHcl} = await import('./decode-hcl.js')
    const decoded = await decodeHcl(source, filename, opts, errors)
    job = decoded?.job
    if (decoded) lines = decoded.lines
  }
  if (!job) throw collect(filename, errors)
  const canonical = attachLines(canonicalizeJob(job), lines)
  // As with Nomad, a file that does not parse is not validated further (avoids echo errors).
  if (opts.serverChecks !== false && errors.length === 0) errors.push(...(await validateJob(canonical, filename, opts.warnings)))
  if (errors.length) throw collect(filename, errors)
  return canonical
}

function collect(file: string, errors: UserError[]): UserError {
  const sorted = [...errors].sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0))
  if (sorted.length === 1) return sorted[0]!
  return new UserErrors(`${file}: ${sorted.length} problems found`, sorted)
}
