import {randomUUID} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, isAbsolute, resolve} from 'node:path'
import {UserError} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {buildBody, type BuildContext} from './body-tree.js'
import {decodeRoot} from './decode/job.js'
import type {DecodeCtx} from './decode/reader.js'
import {createFunctions} from './expr/functions.js'
import type {JobLoadOptions} from './index.js'
import {collectLines} from './line-map.js'
import {scanSource} from './source-scan.js'
import {parseVarFile} from './var-files.js'
import {resolveVariables, type VarInputs} from './variables.js'

// An HCL2 job file → Job: our syntax reader's block tree and our evaluator (index.ts imports
// this module only for HCL sources, so a JSON job never loads either).

export async function decodeHcl(source: string, file: string, opts: JobLoadOptions, errors: UserError[]): Promise<{job: Job; lines: Map<string, number>} | undefined> {
  const scan = scanSource(source, file)
  const base = dirname(file)
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'))
  const readRelative = (p: string) => {
    try {
      return read(isAbsolute(p) ? p : resolve(base, p))
    } catch (err) {
      throw new UserError(`${file}: Error in function call; Call to function "file" failed: cannot read ${JSON.stringify(p)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, {code: 'hcl_eval', file})
    }
  }
  const functions = createFunctions({readFile: opts.allowFs ? readRelative : undefined, uuid: opts.uuid ?? randomUUID, cwd: process.cwd(), home: homedir()})
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
  const scope = resolveVariables(scan, {args: opts.vars ?? {}, files, env: opts.env ?? {}}, {vars: {}, locals: {}, extra: {}, functions}, ctx)
  // As jobspec2: variable problems (unset, invalid, failed validation) stop here, so a null
  // from an unset variable does not echo through the job body as more errors.
  if (errors.length > before) return undefined
  const skip = ['variable', 'variables', 'locals']
  const jobScan = {...scan, blocks: scan.blocks.filter((b) => !skip.includes(b.type))}
  const root = buildBody(jobScan, scope, ctx)
  const dctx: DecodeCtx = {file, errors, lines: new WeakMap()}
  const job = decodeRoot(root, dctx)
  if (!job) return undefined
  return {job, lines: collectLines(job, dctx.lines)}
}
