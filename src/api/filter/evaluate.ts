// Evaluating a filter over one object in Nomad's JSON shape (PascalCase fields), as go-bexpr
// does over the API structs. A selector that names nothing (a missing map key or field, or
// null) is "not found": == is false, != true, is empty true, contains/in/matches false, and
// their `not` forms the opposite. The value is read as the type of the selected field
// (numbers, Go's ParseBool words); a value that cannot be is an error. Pure.
import {compileGoRegexp, type GoRegexp} from '../../lib/go-regexp.js'
import {printSelector, type Expr, type MatchOp, type Selector} from './ast.js'

export class FilterEvalError extends Error {}

const NOT_FOUND = Symbol('not found')
type Found = unknown | typeof NOT_FOUND

function resolve(obj: unknown, sel: Selector): Found {
  let cur: unknown = obj
  for (const seg of sel) {
    if (cur === null || cur === undefined) return NOT_FOUND
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg) || Number(seg) >= cur.length) return NOT_FOUND
      cur = cur[Number(seg)]
    } else if (typeof cur === 'object') {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return NOT_FOUND
      cur = (cur as Record<string, unknown>)[seg]
    } else return NOT_FOUND
  }
  return cur === null || cur === undefined ? NOT_FOUND : cur
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** `field == value` with the value read as the field's type. */
function equal(field: unknown, value: string, sel: Selector): boolean {
  if (typeof field === 'string') return field === value
  if (typeof field === 'number') {
    if (!NUMBER.test(value)) throw new FilterEvalError(`${printSelector(sel)} is a number; ${JSON.stringify(value)} is not`)
    return field === Number(value)
  }
  if (typeof field === 'boolean') {
    if (TRUE.has(value)) return field
    if (FALSE.has(value)) return !field
    throw new FilterEvalError(`${printSelector(sel)} is a boolean; ${JSON.stringify(value)} is not (use true or false)`)
  }
  throw new FilterEvalError(`${printSelector(sel)} is ${Array.isArray(field) ? 'a list' : 'a map'}: use contains, in or is empty with it, not ==`)
}

function contains(field: Found, value: string, sel: Selector): boolean {
  if (field === NOT_FOUND) return false
  if (typeof field === 'string') return field.includes(value)
  if (Array.isArray(field)) return field.some((x) => x !== null && typeof x !== 'object' && equal(x, value, sel))
  if (typeof field === 'object') return Object.prototype.hasOwnProperty.call(field, value)
  throw new FilterEvalError(`${printSelector(sel)} is a ${typeof field}: contains and in need a string, a list or a map`)
}

function empty(field: Found, sel: Selector): boolean {
  if (field === NOT_FOUND) return true
  if (typeof field === 'string' || Array.isArray(field)) return field.length === 0
  if (typeof field === 'object') return Object.keys(field as object).length === 0
  throw new FilterEvalError(`${printSelector(sel)} is a ${typeof field}: is empty needs a string, a list or a map`)
}

function positive(op: MatchOp, field: Found, value: string, sel: Selector, re: () => GoRegexp): boolean {
  switch (op) {
    case '==':
    case '!=':
      return field !== NOT_FOUND && equal(field, value, sel)
    case 'is empty':
    case 'is not empty':
      return empty(field, sel)
    case 'contains':
    case 'not contains':
    case 'in':
    case 'not in':
      return contains(field, value, sel)
    case 'matches':
    case 'not matches':
      if (field === NOT_FOUND) return false
      if (typeof field !== 'string') throw new FilterEvalError(`${printSelector(sel)} is not a string: matches needs one`)
      return re().test(field)
  }
}

const NEGATED = new Set<MatchOp>(['!=', 'is not empty', 'not contains', 'not in', 'not matches'])

export type Predicate = (obj: unknown) => boolean

/** The expression as a predicate (regexps compiled once). Throws FilterEvalError on a type clash. */
export function compileFilter(e: Expr): Predicate {
  if (e.kind === 'and') {
    const [l, r] = [compileFilter(e.left), compileFilter(e.right)]
    return (o) => l(o) && r(o)
  }
  if (e.kind === 'or') {
    const [l, r] = [compileFilter(e.left), compileFilter(e.right)]
    return (o) => l(o) || r(o)
  }
  if (e.kind === 'not') {
    const inner = compileFilter(e.expr)
    return (o) => !inner(o)
  }
  const {op, selector} = e
  const value = e.value ?? ''
  let re: GoRegexp | null = null
  const regexp = () => (re ??= compileGoRegexp(value))
  const negate = NEGATED.has(op)
  return (o) => positive(op, resolve(o, selector), value, selector, regexp) !== negate
}
