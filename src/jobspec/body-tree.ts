import {UserError} from '../lib/errors.js'
import {ExprError} from './expr/ast.js'
import type {Scope} from './expr/evaluate.js'
import {evaluateString, materialize} from './expr/template.js'
import {parseExpression} from './expr/parser.js'
import type {Expr} from './expr/ast.js'
import type {ScanBlock} from './source-scan.js'

// One block of the job file with its attributes evaluated, its child blocks in source order
// (hcl2json sorts labelled blocks by label) and the line of everything, for error messages.
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

type Json = Record<string, unknown>

export function exprError(ctx: BuildContext, line: number, err: unknown, field?: string): UserError {
  if (err instanceof ExprError) return new UserError(`${ctx.file}:${line}: ${err.summary}; ${err.detail}`, {code: 'hcl_eval', file: ctx.file, line, field})
  if (err instanceof UserError) return err
  throw err
}

/** Evaluates every string of a hcl2json value (object keys included) in the given scope. */
export function evaluateValue(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') return evaluateString(v, scope)
  if (Array.isArray(v)) return v.map((x) => evaluateValue(x, scope))
  if (v && typeof v === 'object') {
    const out: Json = {}
    for (const [k, x] of Object.entries(v)) out[String(evaluateString(k, scope))] = evaluateValue(x, scope)
    return out
  }
  return v
}

/**
 * Evaluates an attribute from its source text when our parser reads it (keeping runtime
 * references exactly as written), else from hcl2json's value.
 */
export function evaluateAttr(rawText: string | undefined, jsonValue: unknown, scope: Scope): unknown {
  let expr: Expr | undefined
  if (rawText !== undefined) {
    try {
      expr = parseExpression(rawText)
    } catch {
      expr = undefined // hcl2json accepted it: fall back to its value
    }
  }
  return expr ? materialize(expr, scope, rawText!) : evaluateValue(jsonValue, scope)
}

function findJson(parent: Json, scan: ScanBlock, occurrence: number): Json | undefined {
  let v: unknown = parent[scan.type]
  for (const label of scan.labels) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Json)[label] : undefined
  if (Array.isArray(v)) return v[occurrence] as Json | undefined
  return v && typeof v === 'object' ? (v as Json) : undefined
}

export function buildBody(scan: ScanBlock, json: Json, scope: Scope, ctx: BuildContext, as?: {type: string; labels: string[]; line: number}): Body {
  const body: Body = {type: as?.type ?? scan.type, labels: as?.labels ?? scan.labels, line: as?.line ?? scan.line, attrs: {}, attrLines: {}, blocks: []}
  const blockTypes = new Set(scan.blocks.map((b) => b.type))
  const names = new Set([...Object.keys(scan.attrs), ...Object.keys(json).filter((k) => !blockTypes.has(k))])
  for (const name of names) {
    const raw = json[name]
    const line = scan.attrs[name] ?? body.line
    body.attrLines[name] = line
    try {
      body.attrs[name] = evaluateAttr(scan.raws[name], raw, scope)
    } catch (err) {
      ctx.errors.push(exprError(ctx, line, err, name))
    }
  }
  const seen = new Map<string, number>()
  for (const child of scan.blocks) {
    const key = JSON.stringify([child.type, ...child.labels])
    const n = seen.get(key) ?? 0
    seen.set(key, n + 1)
    const childJson = findJson(json, child, n) ?? {}
    if (child.type === 'dynamic') body.blocks.push(...expandDynamic(child, childJson, scope, ctx))
    else body.blocks.push(buildBody(child, childJson, scope, ctx))
  }
  return body
}

function expandDynamic(scan: ScanBlock, json: Json, scope: Scope, ctx: BuildContext): Body[] {
  const type = scan.labels[0] ?? ''
  const line = scan.line
  try {
    const iterator = scan.raws.iterator?.trim() ?? type
    const forEach = evaluateAttr(scan.raws.for_each, json.for_each, scope)
    const content = scan.blocks.find((b) => b.type === 'content')
    if (!content) throw new ExprError('Missing content block', `A dynamic "${type}" block needs a content block.`)
    const contentJson = findJson(json, content, 0) ?? {}
    const items: Array<[unknown, unknown]> = Array.isArray(forEach) ? forEach.map((v, i) => [i, v]) : forEach && typeof forEach === 'object' ? Object.entries(forEach) : []
    if (!Array.isArray(forEach) && (forEach === null || typeof forEach !== 'object')) throw new ExprError('Invalid dynamic for_each value', 'Cannot use a value that is not a collection in for_each.')
    return items.map(([key, value]) => {
      const inner: Scope = {...scope, extra: {...scope.extra, [iterator]: {key, value}}}
      const labels = json.labels === undefined ? [] : (evaluateAttr(scan.raws.labels, json.labels, inner) as unknown[]).map(String)
      return buildBody(content, contentJson, inner, ctx, {type, labels, line})
    })
  } catch (err) {
    ctx.errors.push(exprError(ctx, line, err, 'dynamic'))
    return []
  }
}
