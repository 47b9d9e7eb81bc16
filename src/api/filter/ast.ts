// The tree of a go-bexpr filter expression, and its canonical text (what the parser reads
// back to the same tree). Pure.

export type Segment = string
export type Selector = Segment[]

export type MatchOp = '==' | '!=' | 'is empty' | 'is not empty' | 'contains' | 'not contains' | 'in' | 'not in' | 'matches' | 'not matches'

export type Expr =
  | {kind: 'and'; left: Expr; right: Expr}
  | {kind: 'or'; left: Expr; right: Expr}
  | {kind: 'not'; expr: Expr}
  | {kind: 'match'; op: MatchOp; selector: Selector; value?: string}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'matches', 'is', 'empty'])

export function printSelector(sel: Selector): string {
  return sel.map((s, i) => (IDENT.test(s) && !KEYWORDS.has(s) ? (i === 0 ? s : `.${s}`) : /^\d+$/.test(s) && i > 0 ? `.${s}` : `[${JSON.stringify(s)}]`)).join('')
}

/** Fully parenthesised canonical text. */
export function printExpr(e: Expr): string {
  if (e.kind === 'and' || e.kind === 'or') return `(${printExpr(e.left)} ${e.kind} ${printExpr(e.right)})`
  if (e.kind === 'not') return `not ${printExpr(e.expr)}`
  const sel = printSelector(e.selector)
  const v = JSON.stringify(e.value ?? '')
  if (e.op === 'is empty' || e.op === 'is not empty') return `${sel} ${e.op}`
  if (e.op === 'in' || e.op === 'not in') return `${v} ${e.op} ${sel}`
  return `${sel} ${e.op} ${v}`
}
