import {UserError} from '../lib/errors.js'
import {ExprError} from './expr/ast.js'
import type {Scope} from './expr/evaluate.js'
import {materialize} from './expr/template.js'
import {parseExpression} from './expr/parser.js'
import type {ScanBlock} from './source-scan.js'

// One block of the job file with its attributes evaluated, its child blocks in source order
// and the line of everything, for error messages.
// `dynamic` blocks are expanded here, as HCL's dynblock extension does before decoding.

export interface Body {
  type: string
  labels: string[]
  line: number
  attrs: Record<string, unknown>
  attrLines: Record<string, number>
  blocks: Body[]
}

export interface BuildContext {
  file: string
  errors: UserError[]
}


export function exprError(ctx: BuildContext, line: number, err: unknown, field?: string): UserError {
  if (err instanceof ExprError) return new UserError(`${ctx.file}:${line}: ${err.summary}; ${err.detail}`, {code: 'hcl_eval', file: ctx.file, line, field})
  if (err instanceof UserError) return err
  throw err
}

/** Evaluates an attribute from its source text, keeping runtime references exactly as written. */
export function evaluateAttr(rawText: string, scope: Scope): unknown {
  return materialize(parseExpression(rawText), scope, rawText)
}

export function buildBody(scan: ScanBlock, scope: Scope, ctx: BuildContext, as?: {type: string; labels: string[]; line: number}): Body {
  const body: Body = {type: as?.type ?? scan.type, labels: as?.labels ?? scan.labels, line: as?.line ?? scan.line, attrs: {}, attrLines: {}, blocks: []}
  for (const [name, line] of Object.entries(scan.attrs)) {
    body.attrLines[name] = line
    try {
      body.attrs[name] = evaluateAttr(scan.raws[name]!, scope)
    } catch (err) {
      ctx.errors.push(exprError(ctx, line, err, name))
    }
  }
  for (const child of scan.blocks) {
    if (child.type === 'dynamic') body.blocks.push(...expandDynamic(child, scope, ctx))
    else body.blocks.push(buildBody(child, scope, ctx))
  }
  return body
}

function expandDynamic(scan: ScanBlock, scope: Scope, ctx: BuildContext): Body[] {
  const type = scan.labels[0] ?? ''
  const line = scan.line
  try {
    const iterator = scan.raws.iterator?.trim() ?? type
    const forEach = scan.raws.for_each === undefined ? undefined : evaluateAttr(scan.raws.for_each, scope)
    const content = scan.blocks.find((b) => b.type === 'content')
    if (!content) throw new ExprError('Missing content block', `A dynamic "${type}" block needs a content block.`)
    const items: Array<[unknown, unknown]> = Array.isArray(forEach) ? forEach.map((v, i) => [i, v]) : forEach && typeof forEach === 'object' ? Object.entries(forEach) : []
    if (!Array.isArray(forEach) && (forEach === null || typeof forEach !== 'object')) throw new ExprError('Invalid dynamic for_each value', 'Cannot use a value that is not a collection in for_each.')
    return items.map(([key, value]) => {
      const inner: Scope = {...scope, extra: {...scope.extra, [iterator]: {key, value}}}
      const labels = scan.raws.labels === undefined ? [] : (evaluateAttr(scan.raws.labels, inner) as unknown[]).map(String)
      return buildBody(content, inner, ctx, {type, labels, line})
    })
  } catch (err) {
    ctx.errors.push(exprError(ctx, line, err, 'dynamic'))
    return []
  }
}
