import {UserError} from '../lib/errors.js'
import {buildBody, type BuildContext} from './body-tree.js'
import {createFunctions} from './expr/functions.js'
import {checkSourceBounds} from './source-bounds.js'
import {scanSource} from './source-scan.js'
import type {VarInputs} from './variables.js'

// -var-file contents: HCL (`name = value` lines) or JSON ({"name": value}).

export async function parseVarFile(source: string, file: string, errors: UserError[]): Promise<VarInputs['files'][number]> {
  const json = file.endsWith('.json') || source.trimStart().startsWith('{')
  const bounds = checkSourceBounds(source, file, json ? 'json' : 'hcl')
  if (bounds) {
    errors.push(bounds)
    return {file, values: {}, lines: {}}
  }
  if (json) {
    try {
      const values = JSON.parse(source) as Record<string, unknown>
      if (!values || typeof values !== 'object' || Array.isArray(values)) throw new Error('expected an object of variable values')
      return {file, values, lines: {}}
    } catch (err) {
      errors.push(new UserError(`${file}: Invalid var file; ${(err as Error).message}.`, {code: 'invalid_var_file', file}))
      return {file, values: {}, lines: {}}
    }
  }
  let scan
  try {
    scan = scanSource(source, file)
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    errors.push(err)
    return {file, values: {}, lines: {}}
  }
  const ctx: BuildContext = {file, errors}
  const body = buildBody(scan, {vars: {}, locals: {}, extra: {}, functions: createFunctions({uuid: () => ''})}, ctx)
  for (const b of body.blocks) errors.push(new UserError(`${file}:${b.line}: Unexpected "${b.type}" block; Blocks are not allowed here: a var file holds only name = value lines.`, {code: 'invalid_var_file', file, line: b.line}))
  return {file, values: body.attrs, lines: body.attrLines}
}

