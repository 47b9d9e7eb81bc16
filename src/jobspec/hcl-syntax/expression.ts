import {Cursor} from './cursor.js'

// Recognizes one HCL native-syntax expression and leaves the cursor right after its last
// token, so the attribute's source range is exact. It builds nothing: src/jobspec/expr/ reads
// the text again to evaluate it. `nl` says whether a newline ends the expression (attribute
// values, object items) or is plain space (inside (), [], calls, ${…}, for expressions).

const BINARY = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%']
const ESCAPES = 'nrt"\\'

export class ExpressionReader extends Cursor {
  private depth = 0

  /** The next token after space (and newlines unless `nl`), without consuming the space if it is not `tok`. */
  private sees(tok: string, nl: boolean): boolean {
    const at = this.i
    this.skip(!nl)
    if (this.s.startsWith(tok, this.i)) return true
    this.i = at
    return false
  }

  private take(tok: string, nl: boolean): boolean {
    if (!this.sees(tok, nl)) return false
    this.i += tok.length
    return true
  }

  private need(tok: string, nl: boolean, summary: string, detail: string): void {
    if (!this.take(tok, nl)) {
      this.skip(!nl)
      this.fail(summary, detail)
    }
  }

  expression(nl: boolean): void {
    if (++this.depth > 200) this.fail('Nesting too deep', 'This expression nests too deeply.')
    this.binary(nl)
    if (this.take('?', nl)) {
      this.expression(nl)
      this.need(':', nl, 'Missing false expression in conditional', 'The conditional operator (...?...:...) requires a false expression, delimited by a colon.')
      this.expression(nl)
    }
    this.depth--
  }

  private binary(nl: boolean): void {
    this.unary(nl)
    for (;;) {
      const at = this.i
      this.skip(!nl)
      const s = this.s
      const op = BINARY.find((o) => s.startsWith(o, this.i))
      if (!op || s.startsWith('<<', this.i)) {
        this.i = at
        return
      }
      this.i += op.length
      this.unary(nl)
    }
  }

  private unary(nl: boolean): void {
    this.skip(!nl)
    const c = this.s[this.i]
    if (c === '!' && this.s[this.i + 1] !== '=') {
      this.i++
      return this.unary(nl)
    }
    if (c === '-') {
      this.i++
      return this.unary(nl)
    }
    this.primary(nl)
    this.postfix(nl)
  }

  private postfix(nl: boolean): void {
    for (;;) {
      if (this.sees('.', nl) && !this.s.startsWith('...', this.i)) {
        this.i++
        this.skip(!nl)
        if (this.s[this.i] === '*') {
          this.i++
          continue
        }
        if (/[0-9]/.test(this.s[this.i] ?? '')) {
          while (/[0-9]/.test(this.s[this.i] ?? '')) this.i++
          continue
        }
        if (this.ident() === undefined) this.fail('Invalid attribute name', 'An attribute name is required after a dot.')
      } else if (this.sees('[', nl)) {
        this.i++
        if (this.take('*', false)) {
          this.need(']', false, 'Missing close bracket on splat index', 'The star for a full splat operator must be immediately followed by a closing bracket ("]").')
          continue
        }
        this.expression(false)
        this.need(']', false, 'Missing close bracket on index', 'The index operator must end with a closing bracket ("]").')
      } else return
    }
  }

  private primary(nl: boolean): void {
    const s = this.s
    const c = s[this.i]
    if (c === undefined) this.fail('Missing expression', 'Expected the start of an expression, but found the end of the file.')
    if (c === '"') return this.quoted()
    if (c === '<' && s[this.i + 1] === '<') return this.heredoc()
    if (c >= '0' && c <= '9') return this.number()
    if (c === '(') {
      this.i++
      this.expression(false)
      return this.need(')', false, 'Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.')
    }
    if (c === '[') return this.tuple()
    if (c === '{') return this.object()
    const name = this.ident()
    if (name === undefined) this.fail('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.')
    while (s.startsWith('::', this.i)) {
      this.i += 2
      if (this.ident() === undefined) this.fail('Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.')
    }
    if (this.sees('(', nl)) this.call()
  }

  private number(): void {
    const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 400))!
    this.i += m[0].length
  }

  private call(): void {
    this.i++ // (
    if (this.take(')', false)) return
    for (;;) {
      this.expression(false)
      if (this.take('...', false)) {
        this.need(')', false, 'Missing closing parenthesis', 'An expanded function argument (with ...) must be immediately followed by closing parentheses.')
        return
      }
      if (this.take(')', false)) return
      this.need(',', false, 'Missing argument separator', 'A comma is required to separate each function argument from the next.')
      if (this.take(')', false)) return
    }
  }

  private isFor(): boolean {
    const at = this.i
    this.skip(true)
    const ok = /^for[\s]/.test(this.s.slice(this.i, this.i + 4))
    this.i = at
    return ok
  }

  private tuple(): void {
    this.i++ // [
    if (this.isFor()) return this.forExpr(false)
    if (this.take(']', false)) return
    for (;;) {
      this.expression(false)
      if (this.take(']', false)) return
      this.need(',', false, 'Missing item separator', 'Expected a comma to mark the beginning of the next item.')
      if (this.take(']', false)) return
    }
  }

  private object(): void {
    const open = this.i
    this.i++ // {
    if (this.isFor()) return this.forExpr(true)
    for (;;) {
      this.skip(true)
      if (this.i >= this.s.length) this.fail('Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open)
      if (this.s[this.i] === '}') {
        this.i++
        return
      }
      this.expression(true)
      this.skip(false)
      const sep = this.s[this.i]
      if (sep !== '=' && sep !== ':') this.fail('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.')
      this.i++
      this.expression(true)
      this.skip(false)
      const next = this.s[this.i]
      if (next === ',' || next === '\n') this.i++
      else if (next !== '}') {
        if (this.i >= this.s.length) this.fail('Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open)
        this.fail('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.')
      }
    }
  }

  private forExpr(object: boolean): void {
    this.skip(true)
    this.i += 3 // for
    this.skip(true)
    if (this.ident() === undefined) this.fail('Invalid for expression', 'For expression requires a variable name after "for".')
    if (this.take(',', false)) {
      this.skip(true)
      if (this.ident() === undefined) this.fail('Invalid for expression', 'For expression requires a value variable name after comma.')
    }
    this.skip(true)
    if (this.ident() !== 'in') this.fail('Invalid for expression', 'For expression requires the "in" keyword after its name declarations.')
    this.expression(false)
    this.need(':', false, 'Invalid for expression', 'For expression requires a colon after the collection expression.')
    this.expression(false)
    if (object) {
      this.need('=>', false, 'Invalid for expression', 'For expression with an object result requires "=>" after the key expression.')
      this.expression(false)
      this.take('...', false)
    }
    const at = this.i
    this.skip(true)
    if (/^if[^A-Za-z0-9_-]/.test(this.s.slice(this.i, this.i + 3))) {
      this.i += 2
      this.expression(false)
    } else this.i = at
    const close = object ? '}' : ']'
    this.need(close, false, 'Invalid for expression', `Extra characters after the end of the "for" expression; expected "${close}".`)
  }

  private quoted(): void {
    const open = this.i
    this.i++
    const s = this.s
    const directives: string[] = []
    for (;;) {
      const c = s[this.i]
      if (c === undefined) this.fail('Unterminated template string', 'No closing marker was found for the string.', open)
      if (c === '\n') this.fail('Invalid multi-line string', 'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.')
      if (c === '"') {
        break
      }
      if (c === '\\') {
        this.escape()
        continue
      }
      if (this.templateSequence(directives)) continue
      this.i++
    }
    this.closeDirectives(directives, this.i)
    this.i++
  }

  private escape(): void {
    const e = this.s[this.i + 1]
    if (e !== undefined && ESCAPES.includes(e)) {
      this.i += 2
      return
    }
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8
      const hex = this.s.slice(this.i + 2, this.i + 2 + len)
      if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
        this.i += 2 + len
        return
      }
    }
    this.fail('Invalid escape sequence', `The symbol ${JSON.stringify(e ?? '')} is not a valid escape sequence selector.`)
  }

  /** ${…} or %{…} at the cursor (consumed, true); `$${` and `%%{` are literal text. */
  private templateSequence(directives: string[]): boolean {
    const s = this.s
    const c = s[this.i]
    if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
      this.i += 3
      return true
    }
    if ((c !== '$' && c !== '%') || s[this.i + 1] !== '{') return false
    const open = this.i
    this.i += 2
    if (s[this.i] === '~') this.i++
    if (c === '$') this.expression(false)
    else this.directive(directives, open)
    this.skip(true)
    if (s[this.i] === '~') this.i++
    if (s[this.i] !== '}') {
      if (this.i >= s.length) this.fail('Unterminated template string', 'No closing marker was found for the string.', open)
      this.fail(c === '$' ? 'Extra characters after interpolation expression' : 'Extra characters in template directive', 'Expected a closing brace to end the sequence, but found extra characters.')
    }
    this.i++
    return true
  }

  private directive(stack: string[], open: number): void {
    this.skip(true)
    const word = this.ident()
    if (word === 'if') this.expression(false)
    else if (word === 'for') {
      this.skip(true)
      if (this.ident() === undefined) this.fail('Invalid template directive', 'A for directive requires a variable name after "for".')
      if (this.take(',', false)) {
        this.skip(true)
        if (this.ident() === undefined) this.fail('Invalid template directive', 'A for directive requires a value variable name after the comma.')
      }
      this.skip(true)
      if (this.ident() !== 'in') this.fail('Invalid template directive', 'A for directive requires the "in" keyword after its name declarations.')
      this.expression(false)
    } else if (word === 'else' || word === 'endif' || word === 'endfor') {
      const want = word === 'else' ? ['if'] : word === 'endif' ? ['if', 'else'] : ['for']
      if (!want.includes(stack.at(-1)?.split(' ')[0] ?? '')) this.fail(`Unexpected ${word} directive`, 'The control directives within this template are unbalanced.', open)
      if (word === 'else') stack[stack.length - 1] = `else ${stack.at(-1)!.split(' ')[1]}`
      else stack.pop()
      return
    } else if (word === undefined) this.fail('Invalid template directive', 'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.', open)
    else this.fail('Invalid template control keyword', `"${word}" is not a valid template control keyword.`, open)
    stack.push(`${word} ${open}`)
  }

  private closeDirectives(stack: string[], end: number): void {
    const top = stack.at(-1)
    if (!top) return
    const [word, at] = top.split(' ')
    const {line, column} = this.position(Number(at))
    const kind = word === 'for' ? 'for' : 'if'
    this.fail('Unexpected end of template', `The ${kind} directive at ${this.file}:${line},${column} is missing its corresponding end${kind} directive.`, end)
  }

  private heredoc(): void {
    const s = this.s
    const open = this.i
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(s.slice(this.i, this.i + 300))
    if (!m) this.fail('Invalid heredoc', 'A heredoc marker ("<<" or "<<-") must be immediately followed by an identifier and then a newline.')
    const marker = m[2]!
    let at = this.i + m[0].length
    // The body ends at the first line that is only the marker, with leading space allowed.
    for (;;) {
      if (at >= s.length) this.fail('Unterminated template string', `No closing marker was found for the string ${marker}.`, open)
      const nl = s.indexOf('\n', at)
      const end = nl < 0 ? s.length : nl
      const line = s.slice(at, end).replace(/\r$/, '')
      if (line.trim() === marker) {
        this.templateBody(this.i + m[0].length, at, open)
        this.i = at + line.length
        if (s[this.i] === '\r') this.i++
        return
      }
      at = end + 1
    }
  }

  /** The template sequences of a heredoc's body, between `from` and `to`. */
  private templateBody(from: number, to: number, open: number): void {
    const directives: string[] = []
    this.i = from
    while (this.i < to) {
      if (!this.templateSequence(directives)) this.i++
      if (this.i > to) this.fail('Unterminated template string', 'A template sequence runs past the end of the heredoc.', open)
    }
    this.closeDirectives(directives, to)
  }
}
