// go-bexpr's grammar, by recursive descent (precedence low → high: or, and, not):
//   Or    := And ("or" And)*          And := Not ("and" Not)*
//   Not   := "not" Not | "(" Or ")" | Match
//   Match := Selector ("==" | "!=") Value | Selector "is" ["not"] "empty"
//          | Selector ["not"] ("contains" | "matches") Value | Value ["not"] "in" Selector
//   Selector := Ident ("." Ident | "." Digits | "[" String "]")*
//   Value := "string" | `raw` | a bare word or number
// A first selector that is a plain identifier may also be the bare value of `in`. Pure.
import {compileGoRegexp, GoRegexpError} from '../../lib/go-regexp.js'
import type {Expr, MatchOp, Selector} from './ast.js'
import {FilterError, lex, type Token} from './lexer.js'

class Parser {
  private i = 0
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!
  }
  private next(): Token {
    return this.toks[this.i++] ?? this.toks[this.toks.length - 1]!
  }
  private isWord(t: Token, w: string): boolean {
    return t.kind === 'ident' && t.text === w
  }
  private fail(t: Token, expected: string): never {
    throw new FilterError(t.pos, this.src, `${t.kind === 'eof' ? 'unexpected end of expression' : `unexpected ${JSON.stringify(t.text)}`}, expected ${expected}`)
  }

  parse(): Expr {
    if (this.peek().kind === 'eof') this.fail(this.peek(), 'an expression')
    const e = this.or()
    if (this.peek().kind !== 'eof') this.fail(this.peek(), '"and", "or" or the end')
    return e
  }

  private or(): Expr {
    let left = this.and()
    while (this.isWord(this.peek(), 'or')) {
      this.next()
      left = {kind: 'or', left, right: this.and()}
    }
    return left
  }

  private and(): Expr {
    let left = this.not()
    while (this.isWord(this.peek(), 'and')) {
      this.next()
      left = {kind: 'and', left, right: this.not()}
    }
    return left
  }

  private not(): Expr {
    const t = this.peek()
    if (this.isWord(t, 'not')) {
      this.next()
      return {kind: 'not', expr: this.not()}
    }
    if (t.kind === 'lparen') {
      this.next()
      const e = this.or()
      if (this.peek().kind !== 'rparen') this.fail(this.peek(), '")"')
      this.next()
      return e
    }
    return this.match()
  }

  private match(): Expr {
    const t = this.peek()
    if (t.kind === 'string' || t.kind === 'bare') {
      const value = this.next().text
      return this.inTail(value)
    }
    if (t.kind !== 'ident') this.fail(t, 'a selector, a value or "("')
    const selStart = this.i
    const selector = this.selector()
    const op = this.peek()
    if (op.kind === 'op') {
      this.next()
      return {kind: 'match', op: op.text as MatchOp, selector, value: this.value()}
    }
    if (this.isWord(op, 'is')) {
      this.next()
      let negated = false
      if (this.isWord(this.peek(), 'not')) negated = (this.next(), true)
      if (!this.isWord(this.peek(), 'empty')) this.fail(this.peek(), '"empty"')
      this.next()
      return {kind: 'match', op: negated ? 'is not empty' : 'is empty', selector}
    }
    let negated = false
    if (this.isWord(op, 'not')) negated = (this.next(), true)
    const w = this.peek()
    if (this.isWord(w, 'contains') || this.isWord(w, 'matches')) {
      this.next()
      const value = this.value()
      if (w.text === 'matches') this.checkRegexp(value)
      return {kind: 'match', op: `${negated ? 'not ' : ''}${w.text}` as MatchOp, selector, value}
    }
    if (this.isWord(w, 'in') && selector.length === 1 && this.i === selStart + 1 + (negated ? 1 : 0)) {
      // the "selector" was the bare value of `value in Selector`
      this.i = selStart + 1
      return this.inTail(selector[0]!)
    }
    this.fail(w, negated ? '"contains", "matches" or "in"' : '"==", "!=", "is", "contains", "matches", "not" or "in"')
  }

  private inTail(value: string): Expr {
    let negated = false
    if (this.isWord(this.peek(), 'not')) negated = (this.next(), true)
    if (!this.isWord(this.peek(), 'in')) this.fail(this.peek(), negated ? '"in"' : '"in" or "not in"')
    this.next()
    if (this.peek().kind !== 'ident') this.fail(this.peek(), 'a selector')
    return {kind: 'match', op: negated ? 'not in' : 'in', selector: this.selector(), value}
  }

  private selector(): Selector {
    const out: Selector = [this.next().text]
    for (;;) {
      const t = this.peek()
      if (t.kind === 'dot') {
        this.next()
        const s = this.next()
        if (s.kind !== 'ident' && !(s.kind === 'bare' && /^\d+$/.test(s.text))) this.fail(s, 'a field name after "."')
        out.push(s.text)
      } else if (t.kind === 'lbracket') {
        this.next()
        const s = this.next()
        if (s.kind !== 'string') this.fail(s, 'a quoted key inside "[ ]"')
        if (this.peek().kind !== 'rbracket') this.fail(this.peek(), '"]"')
        this.next()
        out.push(s.text)
      } else return out
    }
  }

  private value(): string {
    const t = this.peek()
    if (t.kind === 'string' || t.kind === 'bare' || t.kind === 'ident') return this.next().text
    return this.fail(t, 'a value')
  }

  private checkRegexp(v: string): void {
    try {
      compileGoRegexp(v)
    } catch (err) {
      if (err instanceof GoRegexpError) throw new FilterError(this.toks[this.i - 1]!.pos, this.src, err.message)
      throw err
    }
  }
}

/** Parse a filter expression; throws FilterError (with the offset) on bad input. */
export function parseFilter(src: string): Expr {
  return new Parser(src, lex(src)).parse()
}

/** Nomad's wording for a bad expression: line:column (offset): reason. */
export function filterErrorText(err: FilterError): string {
  const before = err.source.slice(0, err.pos)
  const line = before.split('\n').length
  const col = err.pos - (before.lastIndexOf('\n') + 1) + 1
  return `failed to read filter expression: ${line}:${col} (${err.pos}): ${err.message}`
}
