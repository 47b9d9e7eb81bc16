import {type Expr, ExprError, SPLAT_ITEM, type TemplatePart, Unknown} from './ast.js'
import {entries, toBool, toNumber} from './values.js'
import type {FunctionTable} from './functions.js'

// Evaluates expression trees. Only `var.*`, `local.*` and iterator names are known at parse
// time; every other root (attr, node, meta, NOMAD_*) is Unknown and its source text is kept,
// as Nomad keeps it for the client to interpolate at run time.

export interface Scope {
  vars: Record<string, unknown>
  locals: Record<string, unknown>
  /** Iterator symbols of `dynamic` blocks and `for` expressions. */
  extra: Record<string, unknown>
  functions: FunctionTable
  /** Called for `local.x` that is not yet computed (locals may refer to each other). */
  missingLocal?: (name: string) => never
}

export function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.k) {
    case 'lit':
      return e.value
    case 'template':
      return evaluateTemplate(e.parts, scope)
    case 'ref':
      return resolveRef(e.name, scope)
    case 'attr':
      return getAttr(evaluate(e.obj, scope), e.name, e.obj, scope)
    case 'index': {
      const obj = evaluate(e.obj, scope)
      const key = evaluate(e.key, scope)
      if (obj instanceof Unknown || key instanceof Unknown) return Unknown.it
      return getIndex(obj, key)
    }
    case 'splat': {
      const obj = evaluate(e.obj, scope)
      if (obj instanceof Unknown) return Unknown.it
      const list = Array.isArray(obj) ? obj : obj === null ? [] : [obj]
      return list.map((item) => evaluate(e.each, {...scope, extra: {...scope.extra, [SPLAT_ITEM]: item}}))
    }
    case 'call':
      return callFunction(e, scope)
    case 'tuple':
      return propagate(e.items.map((x) => evaluate(x, scope)))
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const {key, value} of e.items) {
        const k = evaluate(key, scope)
        const v = evaluate(value, scope)
        if (k instanceof Unknown || v instanceof Unknown) return Unknown.it
        out[String(k)] = v
      }
      return out
    }
    case 'unary': {
      const x = evaluate(e.x, scope)
      if (x instanceof Unknown) return x
      return e.op === '-' ? -toNumber(x) : !toBool(x)
    }
    case 'binary':
      return evaluateBinary(e.op, evaluate(e.l, scope), () => evaluate(e.r, scope))
    case 'cond': {
      const c = evaluate(e.cond, scope)
      if (c instanceof Unknown) return c
      return toBool(c) ? evaluate(e.then, scope) : evaluate(e.else, scope)
    }
    case 'for':
      return evaluateFor(e, scope)
  }
}

function propagate(items: unknown[]): unknown {
  return items.some((x) => x instanceof Unknown) ? Unknown.it : items
}

function resolveRef(name: string, scope: Scope): unknown {
  if (name in scope.extra) return scope.extra[name]
  if (name === 'var') return scope.vars
  if (name === 'local') return scope.locals
  return Unknown.it
}

function getAttr(obj: unknown, name: string, objExpr: Expr, scope: Scope): unknown {
  if (obj instanceof Unknown) return obj
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    if (Object.prototype.hasOwnProperty.call(obj, name)) return (obj as Record<string, unknown>)[name]
    if (objExpr.k === 'ref' && objExpr.name === 'local' && scope.missingLocal) scope.missingLocal(name)
    if (objExpr.k === 'ref' && objExpr.name === 'var') throw new ExprError('Unsupported attribute', `This object does not have an attribute named "${name}". Declare it with a variable "${name}" block.`)
    throw new ExprError('Unsupported attribute', `This object does not have an attribute named "${name}".`)
  }
  throw new ExprError('Unsupported attribute', `Can't access attribute "${name}" on a value that is not an object.`)
}

function getIndex(obj: unknown, key: unknown): unknown {
  if (Array.isArray(obj)) {
    const i = toNumber(key)
    if (!Number.isInteger(i) || i < 0 || i >= obj.length) throw new ExprError('Invalid index', `The given key does not identify an element in this collection value: index ${i} out of range for ${obj.length} elements.`)
    return obj[i]
  }
  if (obj && typeof obj === 'object') {
    const k = String(key)
    if (!Object.prototype.hasOwnProperty.call(obj, k)) throw new ExprError('Invalid index', `The given key does not identify an element in this collection value: "${k}".`)
    return (obj as Record<string, unknown>)[k]
  }
  throw new ExprError('Invalid index', 'This value does not have any indices.')
}

function evaluateBinary(op: string, l: unknown, right: () => unknown): unknown {
  if (l instanceof Unknown) return l
  if (op === '&&') return toBool(l) ? toBool(nonUnknown(right())) : false
  if (op === '||') return toBool(l) ? true : toBool(nonUnknown(right()))
  const r = right()
  if (r instanceof Unknown) return r
  switch (op) {
    case '==':
      return JSON.stringify(l) === JSON.stringify(r)
    case '!=':
      return JSON.stringify(l) !== JSON.stringify(r)
    case '+':
      return toNumber(l) + toNumber(r)
    case '-':
      return toNumber(l) - toNumber(r)
    case '*':
      return toNumber(l) * toNumber(r)
    case '/':
      return toNumber(l) / toNumber(r)
    case '%':
      return toNumber(l) % toNumber(r)
    case '<':
      return toNumber(l) < toNumber(r)
    case '>':
      return toNumber(l) > toNumber(r)
    case '<=':
      return toNumber(l) <= toNumber(r)
    default:
      return toNumber(l) >= toNumber(r)
  }
}

function nonUnknown(v: unknown): unknown {
  if (v instanceof Unknown) throw new ExprError('Unknown condition', 'A boolean operator needs a value known when the job is parsed.')
  return v
}

function evaluateFor(e: Extract<Expr, {k: 'for'}>, scope: Scope): unknown {
  const coll = evaluate(e.coll, scope)
  if (coll instanceof Unknown) return coll
  const list: unknown[] = []
  const obj: Record<string, unknown> = {}
  for (const [k, v] of entries(coll)) {
    const extra = {...scope.extra, [e.valVar]: v, ...(e.keyVar ? {[e.keyVar]: k} : {})}
    const inner = {...scope, extra}
    if (e.cond && !toBool(evaluate(e.cond, inner))) continue
    const val = evaluate(e.valExpr, inner)
    if (!e.object) list.push(val)
    else {
      const key = String(evaluate(e.keyExpr!, inner))
      if (e.group) ((obj[key] ??= []) as unknown[]).push(val)
      else obj[key] = val
    }
  }
  return e.object ? obj : propagate(list)
}

function callFunction(e: Extract<Expr, {k: 'call'}>, scope: Scope): unknown {
  const fn = scope.functions[e.name]
  if (!fn) throw new ExprError('Call to unknown function', `There is no function named "${e.name}".`)
  let args = e.args.map((a) => evaluate(a, scope))
  if (e.expandLast && args.length) {
    const last = args.pop()
    if (!Array.isArray(last)) throw new ExprError('Invalid expanding argument value', 'The expanding argument (indicated by ...) must be of a tuple, list, or set type.')
    args = [...args, ...last]
  }
  if (args.some((a) => a instanceof Unknown)) return Unknown.it
  return fn(args)
}

// Templates inside expressions and expressions inside templates recurse into each other, so both
// live in this file (template.ts builds on them without a cycle).

export function evaluateTemplate(parts: TemplatePart[], scope: Scope): unknown {
  if (parts.length === 1 && parts[0]!.k === 'interp') return evaluate(parts[0]!.expr, scope)
  return renderParts(parts, scope)
}

export function renderParts(parts: TemplatePart[], scope: Scope): string {
  let out = ''
  for (const p of parts) {
    if (p.k === 'text') out += p.text
    else if (p.k === 'interp') {
      const v = evaluate(p.expr, scope)
      out += v instanceof Unknown ? p.src : stringify(v)
    } else if (p.k === 'if') {
      const c = evaluate(p.cond, scope)
      if (c instanceof Unknown) out += p.src
      else out += renderParts(toBool(c) ? p.then : p.else, scope)
    } else {
      const coll = evaluate(p.coll, scope)
      for (const [k, v] of entries(coll)) {
        const extra = {...scope.extra, [p.value]: v, ...(p.key ? {[p.key]: k} : {})}
        out += renderParts(p.body, {...scope, extra})
      }
    }
  }
  return out
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) throw new ExprError('Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.')
  throw new ExprError('Invalid template interpolation value', 'Cannot include the given value in a string template: string required.')
}
