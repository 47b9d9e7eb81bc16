// Expression syntax tree for the subset of HCL native syntax that job files use.

export type TemplatePart =
  | {k: 'text'; text: string}
  | {k: 'interp'; expr: Expr; src: string}
  | {k: 'if'; cond: Expr; then: TemplatePart[]; else: TemplatePart[]; src: string}
  | {k: 'for'; key?: string; value: string; coll: Expr; body: TemplatePart[]; src: string}

export type Expr =
  | {k: 'lit'; value: unknown}
  | {k: 'template'; parts: TemplatePart[]}
  | {k: 'ref'; name: string}
  | {k: 'attr'; obj: Expr; name: string}
  | {k: 'index'; obj: Expr; key: Expr}
  | {k: 'splat'; obj: Expr; each: Expr} // `each` is evaluated with {k:'ref', name: SPLAT_ITEM}
  | {k: 'call'; name: string; args: Expr[]; expandLast: boolean}
  | {k: 'tuple'; items: Expr[]; srcs?: string[]}
  | {k: 'object'; items: Array<{key: Expr; value: Expr; src?: string}>}
  | {k: 'unary'; op: '-' | '!'; x: Expr}
  | {k: 'binary'; op: string; l: Expr; r: Expr}
  | {k: 'cond'; cond: Expr; then: Expr; else: Expr}
  | {k: 'for'; keyVar?: string; valVar: string; coll: Expr; keyExpr?: Expr; valExpr: Expr; cond?: Expr; group: boolean; object: boolean}

export const SPLAT_ITEM = '\u0000splat'

/** A value that can only be known when the task runs (attr., node., NOMAD_… references). */
export class Unknown {
  static readonly it = new Unknown()
}

export class ExprError extends Error {
  constructor(
    readonly summary: string,
    readonly detail: string,
    readonly offset = 0,
  ) {
    super(`${summary}; ${detail}`)
  }
}
