import {type Expr, ExprError} from './expr/ast.js'

// Type constraints of `variable` blocks (string, number, bool, list(…), map(…), set(…),
// object({…}), tuple([…]), any) and the conversions HCL applies to given values.

export type VarType =
  | {kind: 'any' | 'string' | 'number' | 'bool'}
  | {kind: 'list' | 'set' | 'map'; of: VarType}
  | {kind: 'object'; attrs: Record<string, VarType>}
  | {kind: 'tuple'; items: VarType[]}

export function parseTypeExpr(e: Expr): VarType {
  if (e.k === 'ref' && ['any', 'string', 'number', 'bool'].includes(e.name)) return {kind: e.name as 'any'}
  if (e.k === 'call' && ['list', 'set', 'map'].includes(e.name) && e.args.length === 1) return {kind: e.name as 'list', of: parseTypeExpr(e.args[0]!)}
  if (e.k === 'call' && e.name === 'object' && e.args[0]?.k === 'object') {
    const attrs: Record<string, VarType> = {}
    for (const it of e.args[0].items) attrs[String(it.key.k === 'lit' ? it.key.value : '')] = parseTypeExpr(it.value)
    return {kind: 'object', attrs}
  }
  if (e.k === 'call' && e.name === 'tuple' && e.args[0]?.k === 'tuple') return {kind: 'tuple', items: e.args[0].items.map(parseTypeExpr)}
  throw new ExprError('Invalid type specification', 'A type is string, number, bool, any, list(T), set(T), map(T), object({...}) or tuple([...]).')
}

export function describeType(t: VarType): string {
  if (t.kind === 'list' || t.kind === 'set' || t.kind === 'map') return `${t.kind} of ${describeType(t.of)}`
  return t.kind
}

export function convertToType(v: unknown, t: VarType): unknown {
  if (v === null || t.kind === 'any') return v
  const bad = (): never => {
    throw new ExprError('Incorrect variable type', `a ${describeType(t)} is required, got ${JSON.stringify(v)}.`)
  }
  switch (t.kind) {
    case 'string':
      if (typeof v === 'string') return v
      if (typeof v === 'number' || typeof v === 'boolean') return String(v)
      return bad()
    case 'number':
      if (typeof v === 'number') return v
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v)
      return bad()
    case 'bool':
      if (typeof v === 'boolean') return v
      if (v === 'true' || v === 'false') return v === 'true'
      return bad()
    case 'list':
    case 'set': {
      if (!Array.isArray(v)) return bad()
      const items = v.map((x) => convertToType(x, t.of))
      return t.kind === 'set' ? [...new Map(items.map((x) => [JSON.stringify(x), x])).values()] : items
    }
    case 'map':
      if (!v || typeof v !== 'object' || Array.isArray(v)) return bad()
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convertToType(x, t.of)]))
    case 'object': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return bad()
      const o = v as Record<string, unknown>
      return Object.fromEntries(Object.entries(t.attrs).map(([k, at]) => [k, convertToType(o[k] ?? null, at)]))
    }
    case 'tuple':
      if (!Array.isArray(v) || v.length !== t.items.length) return bad()
      return v.map((x, i) => convertToType(x, t.items[i]!))
  }
}
