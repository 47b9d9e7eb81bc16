import {ExprError} from './ast.js'

// HCL's conversions between value types, as operators and functions need them.

export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (v === 'true') return true
  if (v === 'false') return false
  throw new ExprError('Incorrect condition type', 'The condition expression must be of type bool.')
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v)
  throw new ExprError('Invalid operand', `Unsuitable value for an arithmetic operator: a number is required, got ${JSON.stringify(v)}.`)
}

export function entries(v: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(v)) return v.map((x, i) => [i, x])
  if (v && typeof v === 'object') return Object.entries(v)
  throw new ExprError('Iteration over non-iterable value', 'A value of type list, set, map or object is required.')
}
