import {checkSourceBounds} from './source-bounds.js'
import {UserError} from '../lib/errors.js'
import {ExprError} from './expr/ast.js'
import {evaluate, type Scope} from './expr/evaluate.js'
import {parseExpression} from './expr/parser.js'
import {buildBody, type BuildContext, evaluateAttr, exprError} from './body-tree.js'
import type {ScanBlock} from './source-scan.js'
import {convertToType, parseTypeExpr, type VarType} from './var-types.js'

// Input variables and locals, as Nomad's HCL2 jobspec has them. Value precedence, lowest
// first: default, NOMAD_VAR_<name> environment, -var-file files (in order), -var flags.

export interface VarInputs {
  /** -var k=v, raw text: parsed as HCL when the variable's type is not string. */
  args: Record<string, string>
  /** Values from -var-file files, already parsed, in order, each with its file name. */
  files: Array<{file: string; values: Record<string, unknown>; lines: Record<string, number>}>
  env: Record<string, string | undefined>
}

interface Declared {
  name: string
  line: number
  type: VarType
  value: unknown
  set: boolean
  validations: Array<{condition: string; message: string; line: number; messageLine: number}>
}

type Json = Record<string, unknown>

export function resolveVariables(root: ScanBlock, inputs: VarInputs, base: Scope, ctx: BuildContext): Scope {
  const declared = collectDeclarations(root, base, ctx)
  const byName = new Map(declared.map((d) => [d.name, d]))
  for (const [key, raw] of Object.entries(inputs.env)) {
    if (!key.startsWith('NOMAD_VAR_') || raw === undefined) continue
    const d = byName.get(key.slice('NOMAD_VAR_'.length))
    if (d) assign(d, raw, true, ctx, d.line)
  }
  for (const vf of inputs.files) {
    for (const [name, value] of Object.entries(vf.values)) {
      const d = byName.get(name)
      const line = vf.lines[name] ?? 1
      if (!d) {
        ctx.errors.push(new UserError(`${vf.file}:${line}: Undefined variable; A "${name}" variable was set but was not declared. Declare it with a variable "${name}" block in the job file.`, {code: 'undefined_variable', file: vf.file, line, field: name}))
        continue
      }
      assign(d, value, false, ctx, line, vf.file)
    }
  }
  for (const [name, raw] of Object.entries(inputs.args)) {
    const d = byName.get(name)
    if (!d) {
      ctx.errors.push(new UserError(`-var ${name}: Undefined -var variable; A "${name}" variable was passed in but is not declared in ${ctx.file}. Declare it with a variable "${name}" block.`, {code: 'undefined_variable', field: name}))
      continue
    }
    assign(d, raw, true, ctx, d.line)
  }
  const vars: Json = {}
  for (const d of declared) {
    if (!d.set) ctx.errors.push(new UserError(`${ctx.file}:${d.line}: Unset variable "${d.name}"; A used variable must be set or have a default value: pass -var ${d.name}=…, a -var-file, or NOMAD_VAR_${d.name}.`, {code: 'unset_variable', file: ctx.file, line: d.line, field: d.name}))
    vars[d.name] = d.value
  }
  const scope: Scope = {...base, vars}
  for (const d of declared) checkValidations(d, scope, ctx)
  scope.locals = resolveLocals(root, scope, ctx)
  return scope
}

function collectDeclarations(root: ScanBlock, base: Scope, ctx: BuildContext): Declared[] {
  const out: Declared[] = []
  const empty: Scope = {...base, vars: {}, locals: {}}
  for (const b of root.blocks) {
    if (b.type === 'variables') {
      const body = buildBody(b, empty, ctx)
      for (const [name, value] of Object.entries(body.attrs)) out.push({name, line: body.attrLines[name] ?? b.line, type: {kind: 'any'}, value, set: true, validations: []})
    }
    if (b.type !== 'variable') continue
    checkVariableSchema(b, ctx)
    const name = b.labels[0] ?? ''
    let type: VarType = {kind: 'any'}
    try {
      const typeText = b.raws.type
      if (typeText !== undefined) type = parseTypeExpr(parseExpression(typeText))
    } catch (err) {
      ctx.errors.push(exprError(ctx, b.attrs.type ?? b.line, err, 'type'))
    }
    const d: Declared = {name, line: b.line, type, value: null, set: 'default' in b.attrs, validations: []}
    if (d.set) {
      try {
        d.value = convertToType(evaluateAttr(b.raws.default!, empty), type)
      } catch (err) {
        ctx.errors.push(exprError(ctx, b.attrs.default ?? b.line, err, 'default'))
      }
    }
    b.blocks
      .filter((x) => x.type === 'validation')
      .forEach((v) => d.validations.push({condition: v.raws.condition ?? 'true', message: v.raws.error_message ?? '', line: v.line, messageLine: v.attrs.error_message ?? v.line}))
    out.push(d)
  }
  return out
}

const VARIABLE_ATTRS = ['type', 'default', 'description', 'sensitive']

function checkVariableSchema(b: ScanBlock, ctx: BuildContext): void {
  const err = (line: number, msg: string, field: string) => ctx.errors.push(new UserError(`${ctx.file}:${line}: ${msg}`, {code: 'invalid_job', file: ctx.file, line, field}))
  if (b.labels.length !== 1) err(b.line, 'Missing name for variable; All variable blocks must have 1 labels (name).', 'variable')
  for (const [name, line] of Object.entries(b.attrs)) if (!VARIABLE_ATTRS.includes(name)) err(line, `Unsupported argument; An argument named "${name}" is not expected here.`, name)
  for (const child of b.blocks) {
    if (child.type !== 'validation') err(child.line, `Unsupported block type; Blocks of type "${child.type}" are not expected here.`, child.type)
    else for (const [name, line] of Object.entries(child.attrs)) if (name !== 'condition' && name !== 'error_message') err(line, `Unsupported argument; An argument named "${name}" is not expected here.`, name)
  }
}

function assign(d: Declared, raw: unknown, fromText: boolean, ctx: BuildContext, line: number, file = ctx.file): void {
  try {
    let value = raw
    if (fromText && typeof raw === 'string' && d.type.kind !== 'string' && d.type.kind !== 'any' && d.type.kind !== 'number' && d.type.kind !== 'bool') {
      const bounds = checkSourceBounds(raw, file, 'hcl')
      if (bounds) throw new Error(bounds.message.slice(file.length + 1).replace(/^\d+:\d+: /, ''))
      value = evaluate(parseExpression(raw), {vars: {}, locals: {}, extra: {}, functions: {}})
    }
    d.value = convertToType(value, d.type)
    d.set = true
  } catch (err) {
    d.set = true // given, if badly: do not also report it as unset
    const detail = err instanceof ExprError ? `${err.summary}; ${err.detail}` : String(err)
    ctx.errors.push(new UserError(`${file}:${line}: Invalid value for variable "${d.name}"; ${detail}`, {code: 'invalid_variable', file, line, field: d.name}))
  }
}

function checkValidations(d: Declared, scope: Scope, ctx: BuildContext): void {
  for (const v of d.validations) {
    try {
      const message = String((v.message ? evaluateAttr(v.message, scope) : '') ?? '')
      if (message === '') {
        ctx.errors.push(new UserError(`${ctx.file}:${v.messageLine}: Invalid validation error message; An empty string is not a valid nor useful error message.`, {code: 'invalid_variable', file: ctx.file, line: v.messageLine, field: 'error_message'}))
        continue
      }
      const ok = evaluateAttr(v.condition, scope)
      if (ok === false) ctx.errors.push(new UserError(`${ctx.file}:${v.line}: Invalid value for variable; ${message} This was checked by the validation rule at ${ctx.file}:${v.line}.`, {code: 'invalid_variable', file: ctx.file, line: v.line, field: d.name}))
    } catch (err) {
      ctx.errors.push(exprError(ctx, v.line, err, d.name))
    }
  }
}

class MissingLocal extends Error {}

function resolveLocals(root: ScanBlock, scope: Scope, ctx: BuildContext): Json {
  const locals: Json = {}
  const pending: Array<{name: string; text: string; line: number}> = []
  for (const b of root.blocks.filter((x) => x.type === 'locals')) {
    for (const [name, line] of Object.entries(b.attrs)) pending.push({name, text: b.raws[name]!, line})
  }
  const inner: Scope = {...scope, locals, missingLocal: () => { throw new MissingLocal() }}
  for (let round = 0; pending.length && round <= pending.length + 1; round++) {
    for (let i = 0; i < pending.length; ) {
      const p = pending[i]!
      try {
        locals[p.name] = evaluateAttr(p.text, inner)
        pending.splice(i, 1)
      } catch (err) {
        if (err instanceof MissingLocal) i++
        else {
          ctx.errors.push(exprError(ctx, p.line, err, p.name))
          pending.splice(i, 1)
        }
      }
    }
  }
  for (const p of pending) ctx.errors.push(new UserError(`${ctx.file}:${p.line}: Unsupported attribute; local.${p.name} refers to a local value that is not defined or forms a cycle.`, {code: 'hcl_eval', file: ctx.file, line: p.line, field: p.name}))
  return locals
}
