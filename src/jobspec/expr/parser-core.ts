import {type Expr, ExprError, SPLAT_ITEM, type TemplatePart} from './ast.js'

// Recursive descent over HCL native expression syntax (operators, calls, collections, for
// expressions, splats). Quoted strings and heredocs are templates: the subclass reads those.

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']]

export abstract class ExprParser {
  i = 0

  constructor(readonly s: string) {}

  fail(summary: string, detail: string): never {
    throw new ExprError(summary, detail, this.i)
  }

  ws(): void {
    const s = this.s
    for (;;) {
      const c = s[this.i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) while (this.i < s.length && s[this.i] !== '\n') this.i++
      else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2)
        this.i = end < 0 ? s.length : end + 2
      } else return
    }
  }

  peek(tok: string): boolean {
    this.ws()
    return this.s.startsWith(tok, this.i)
  }

  eat(tok: string): boolean {
    if (!this.peek(tok)) return false
    this.i += tok.length
    return true
  }

  expect(tok: string): void {
    if (!this.eat(tok)) this.fail('Invalid expression', `Expected "${tok}" but found "${this.s.slice(this.i, this.i + 10) || 'end of input'}".`)
  }

  ident(): string | undefined {
    this.ws()
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 200))
    if (!m) return undefined
    this.i += m[0].length
    return m[0]
  }

  expr(): Expr {
    const cond = this.binary(0)
    if (!this.eat('?')) return cond
    const then = this.expr()
    this.expect(':')
    return {k: 'cond', cond, then, else: this.expr()}
  }

  binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary()
    let l = this.binary(level + 1)
    for (;;) {
      this.ws()
      const op = BINARY_LEVELS[level]!.find((o) => this.s.startsWith(o, this.i) && !this.s.startsWith('<<', this.i))
      if (!op) return l
      this.i += op.length
      l = {k: 'binary', op, l, r: this.binary(level + 1)}
    }
  }

  unary(): Expr {
    if (this.eat('!')) return {k: 'unary', op: '!', x: this.unary()}
    if (this.peek('-') && !this.peek('->')) {
      this.i++
      return {k: 'unary', op: '-', x: this.unary()}
    }
    return this.postfix(this.primary())
  }

  postfix(e: Expr): Expr {
    for (;;) {
      if (this.peek('.*') || this.peek('[*]')) {
        this.i += this.s[this.i] === '.' ? 2 : 3
        return {k: 'splat', obj: e, each: this.postfix({k: 'ref', name: SPLAT_ITEM})}
      }
      if (this.peek('.') && !this.peek('..')) {
        this.i++
        this.ws()
        const num = /^\d+/.exec(this.s.slice(this.i))
        if (num) {
          this.i += num[0].length
          e = {k: 'index', obj: e, key: {k: 'lit', value: Number(num[0])}}
          continue
        }
        const name = this.ident()
        if (!name) this.fail('Invalid attribute name', 'An attribute name is required after a dot.')
        e = {k: 'attr', obj: e, name}
      } else if (this.peek('[')) {
        this.i++
        const key = this.expr()
        this.expect(']')
        e = {k: 'index', obj: e, key}
      } else return e
    }
  }

  primary(): Expr {
    this.ws()
    const s = this.s
    const c = s[this.i]
    if (c === undefined) this.fail('Invalid expression', 'Expected the start of an expression, but found the end of input.')
    if (c === '"') {
      this.i++
      return {k: 'template', parts: this.templateBody(true)}
    }
    if (c === '<' && s[this.i + 1] === '<') return this.heredoc()
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(this.i))!
      this.i += m[0].length
      return {k: 'lit', value: Number(m[0])}
    }
    if (c === '(') {
      this.i++
      const e = this.expr()
      this.expect(')')
      return e
    }
    if (c === '[') return this.tupleOrFor()
    if (c === '{') return this.objectOrFor()
    const name = this.ident()
    if (!name) this.fail('Invalid expression', `Expected the start of an expression, but found "${s.slice(this.i, this.i + 10)}".`)
    if (name === 'true') return {k: 'lit', value: true}
    if (name === 'false') return {k: 'lit', value: false}
    if (name === 'null') return {k: 'lit', value: null}
    while (this.s.startsWith('::', this.i)) {
      this.i += 2
      this.ident()
    }
    if (this.peek('(')) return this.call(name)
    return {k: 'ref', name}
  }

  call(name: string): Expr {
    this.expect('(')
    const args: Expr[] = []
    let expandLast = false
    while (!this.eat(')')) {
      args.push(this.expr())
      if (this.eat('...')) expandLast = true
      if (!this.eat(',') && !this.peek(')')) this.fail('Missing argument separator', `A comma is required to separate each function argument from the next, in a call to ${name}.`)
    }
    return {k: 'call', name, args, expandLast}
  }

  tupleOrFor(): Expr {
    this.expect('[')
    if (this.isFor()) return this.forExpr(false, ']')
    const items: Expr[] = []
    const srcs: string[] = []
    while (!this.eat(']')) {
      this.ws()
      const from = this.i
      items.push(this.expr())
      srcs.push(this.s.slice(from, this.i))
      if (!this.eat(',') && !this.peek(']')) this.fail('Missing item separator', 'Expected a comma to mark the beginning of the next item.')
    }
    return {k: 'tuple', items, srcs}
  }

  objectOrFor(): Expr {
    this.expect('{')
    if (this.isFor()) return this.forExpr(true, '}')
    const items: Array<{key: Expr; value: Expr; src?: string}> = []
    while (!this.eat('}')) {
      const start = this.i
      const bare = this.ident()
      let key: Expr
      if (bare !== undefined && (this.peek('=') || this.peek(':')) && !this.peek('==')) key = {k: 'lit', value: bare}
      else {
        this.i = start
        key = this.expr()
      }
      if (!this.eat('=') && !this.eat(':')) this.fail('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.')
      this.ws()
      const from = this.i
      const value = this.expr()
      items.push({key, value, src: this.s.slice(from, this.i)})
      this.eat(',')
    }
    return {k: 'object', items}
  }

  isFor(): boolean {
    this.ws()
    return /^for\s/.test(this.s.slice(this.i, this.i + 4))
  }

  forExpr(object: boolean, close: string): Expr {
    this.i += 3
    const first = this.ident()!
    let keyVar: string | undefined
    let valVar = first
    if (this.eat(',')) {
      keyVar = first
      valVar = this.ident()!
    }
    if (this.ident() !== 'in') this.fail('Invalid for expression', 'Expected "in" after the iterator names.')
    const coll = this.expr()
    this.expect(':')
    let keyExpr: Expr | undefined
    let valExpr = this.expr()
    if (object) {
      this.expect('=>')
      keyExpr = valExpr
      valExpr = this.expr()
    }
    const group = this.eat('...')
    let cond: Expr | undefined
    this.ws()
    if (/^if\s/.test(this.s.slice(this.i, this.i + 3))) {
      this.i += 2
      cond = this.expr()
    }
    this.expect(close)
    return {k: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, group, object}
  }

  abstract templateBody(quoted: boolean): TemplatePart[]
  abstract heredoc(): Expr
}
