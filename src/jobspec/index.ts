import {randomUUID} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {readFileSync} from 'node:fs'
import {dirname, isAbsolute, resolve} from 'node:path'
import {UserError, UserErrors} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {parseApiJson} from './api-json.js'
import {checkApiShape} from './api-shape.js'
import {buildBody, type BuildContext} from './body-tree.js'
import {canonicalizeJob} from './canonicalize.js'
import {decodeRoot} from './decode/job.js'
import type {DecodeCtx} from './decode/reader.js'
import {createFunctions} from './expr/functions.js'
import {parseHcl} from './hcl-adapter.js'
import {attachLines, collectLines} from './line-map.js'
import {checkSourceBounds} from './source-bounds.js'
import {scanSource} from './source-scan.js'
import {validateJob} from './validate.js'
import {parseVarFile} from './var-files.js'
import {resolveVariables, type VarInputs} from './variables.js'

// Nomad job files (HCL2 or API JSON) → canonical, validated Job. The file system and
// randomness are used only here, at the edge, and can be injected.

export {canonicalizeJob} from './canonicalize.js'
export {validateJob} from './validate.js'
export {toApiJson} from './api-json.js'
export {parseVarArgs} from './var-files.js'

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
    const decoded = await decodeHcl(source, filename, opts, errors)
    job = decoded?.job
    if (decoded) lines = decoded.lines
  }
  if (!job) throw collect(filename, errors)
  const canonical = attachLines(canonicalizeJob(job), lines)
  // As with Nomad, a file that does not parse is not validated further (avoids echo errors).
  if (opts.serverChecks !== false && errors.length === 0) errors.push(...validateJob(canonical, filename, opts.warnings))
  if (errors.length) throw collect(filename, errors)
  return canonical
}

function collect(file: string, errors: UserError[]): UserError {
  const sorted = [...errors].sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0))
  if (sorted.length === 1) return sorted[0]!
  return new UserErrors(`${file}: ${sorted.length} problems found`, sorted)
}

async function decodeHcl(source: string, file: string, opts: JobLoadOptions, errors: UserError[]): Promise<{job: Job; lines: Map<string, number>} | undefined> {
  const json = await parseHcl(source, file)
  const scan = scanSource(source)
  const base = dirname(file)
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'))
  const readRelative = (p: string) => {
    try {
      return read(isAbsolute(p) ? p : resolve(base, p))
    } catch (err) {
      throw new UserError(`${file}: Error in function call; Call to function "file" failed: cannot read ${JSON.stringify(p)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, {code: 'hcl_eval', file})
    }
  }
  const functions = createFunctions({readFile: opts.allowFs ? readRelative : undefined, uuid: opts.uuid ?? randomUUID})
  const files: VarInputs['files'] = []
  for (const vf of opts.varFiles ?? []) {
    let text: string
    try {
      text = read(vf)
    } catch (err) {
      errors.push(new UserError(`${vf}: cannot read the var file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the -var-file path.`, {code: 'file_not_found', file: vf}))
      continue
    }
    files.push(await parseVarFile(text, vf, errors))
  }
  const ctx: BuildContext = {file, errors}
  const before = errors.length
  const scope = resolveVariables(scan, json, {args: opts.vars ?? {}, files, env: opts.env ?? {}}, {vars: {}, locals: {}, extra: {}, functions}, ctx)
  // As jobspec2: variable problems (unset, invalid, failed validation) stop here, so a null
  // from an unset variable does not echo through the job body as more errors.
  if (errors.length > before) return undefined
  const skip = ['variable', 'variables', 'locals']
  const jobScan = {...scan, blocks: scan.blocks.filter((b) => !skip.includes(b.type))}
  const jobJson = Object.fromEntries(Object.entries(json).filter(([k]) => !skip.includes(k)))
  const root = buildBody(jobScan, jobJson, scope, ctx)
  const dctx: DecodeCtx = {file, errors, lines: new WeakMap()}
  const job = decodeRoot(root, dctx)
  if (!job) return undefined
  return {job, lines: collectLines(job, dctx.lines)}
}
