import {type Expr, type TemplatePart} from './ast.js'
import {ExprParser} from './parser-core.js'

// Templates: quoted strings, heredocs and the template strings hcl2json hands back
// ("${var.x}", "a-${upper(b)}"), with ${…} interpolations and %{if}/%{for} directives.

type Flat = TemplatePart | {k: 'dir'; word: 'else' | 'endif' | 'endfor'; src: string}

export function parseTemplateString(text: string): TemplatePart[] {
  const p = new Parser(text)
  const parts = p.templateBody(false)
  return parts
}

export function parseExpression(text: string): Expr {
  const p = new Parser(text)
  const e = p.expr()
  p.ws()
  if (p.i < text.length) p.fail('Extra characters after expression', `Unexpected "${text.slice(p.i, p.i + 10)}".`)
  return e
}

class Parser extends ExprParser {
  heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(this.s.slice(this.i))
    if (!m) this.fail('Invalid heredoc', 'Expected an identifier after "<<".')
    this.i += m[0].length
    const lines: string[] = []
    for (;;) {
      const nl = this.s.indexOf('\n', this.i)
      const line = this.s.slice(this.i, nl < 0 ? this.s.length : nl)
      this.i = nl < 0 ? this.s.length : nl + 1
      if (line.trim() === m[2]) break
      if (nl < 0) this.fail('Unterminated template string', `No closing marker was found for the string ${m[2]}.`)
      lines.push(line)
    }
    let body = lines
    if (m[1] === '-') {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length))
      body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
    }
    return {k: 'template', parts: parseTemplateString(body.map((l) => l + '\n').join(''))}
  }

  /** Template text up to a closing quote (quoted) or the end of input (hcl2json value). */
  templateBody(quoted: boolean): TemplatePart[] {
    const flat: Flat[] = []
    let text = ''
    let stripNext = false
    const pushText = () => {
      if (stripNext) text = text.replace(/^\s+/, '')
      if (text) flat.push({k: 'text', text})
      text = ''
      stripNext = false
    }
    const s = this.s
    for (;;) {
      if (this.i >= s.length) {
        if (quoted) this.fail('Unterminated template string', 'No closing quote mark was found for this string.')
        break
      }
      const c = s[this.i]!
      if (quoted && c === '"') {
        this.i++
        break
      }
      if (quoted && c === '\\') {
        text += this.escape()
        continue
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        text += c + '{'
        this.i += 3
        continue
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        const start = this.i
        this.i += 2
        const stripLeft = s[this.i] === '~'
        if (stripLeft) {
          this.i++
          text = text.replace(/\s+$/, '')
        }
        pushText()
        const part = c === '$' ? this.interp(start) : this.directive(start)
        if (s[this.i - 2] === '~') stripNext = true
        flat.push(part)
        continue
      }
      text += c
      this.i++
    }
    pushText()
    return nest(flat, this)
  }

  interp(start: number): Flat {
    const expr = this.expr()
    this.ws()
    this.eat('~')
    this.expect('}')
    return {k: 'interp', expr, src: this.s.slice(start, this.i)}
  }

  directive(start: number): Flat {
    const word = this.ident()
    let part: Flat
    if (word === 'if') part = {k: 'if', cond: this.expr(), then: [], else: [], src: ''}
    else if (word === 'for') {
      const a = this.ident()!
      let key: string | undefined
      let value = a
      if (this.eat(',')) {
        key = a
        value = this.ident()!
      }
      if (this.ident() !== 'in') this.fail('Invalid template directive', 'Expected "in" in a for directive.')
      part = {k: 'for', key, value, coll: this.expr(), body: [], src: ''}
    } else if (word === 'else' || word === 'endif' || word === 'endfor') part = {k: 'dir', word, src: ''}
    else this.fail('Invalid template directive', `"${word ?? ''}" is not a template directive; use if, else, endif, for or endfor.`)
    this.ws()
    this.eat('~')
    this.expect('}')
    part.src = this.s.slice(start, this.i)
    return part
  }

  escape(): string {
    const s = this.s
    const c = s[this.i + 1]
    this.i += 2
    const simple: Record<string, string> = {n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\'}
    if (c !== undefined && c in simple) return simple[c]!
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8
      const hex = s.slice(this.i, this.i + len)
      this.i += len
      return String.fromCodePoint(parseInt(hex, 16))
    }
    this.fail('Invalid escape sequence', `The symbol "${c}" is not a valid escape sequence selector.`)
  }
}

function nest(flat: Flat[], p: Parser): TemplatePart[] {
  let i = 0
  const walk = (stop: string[]): {parts: TemplatePart[]; end?: string} => {
    const parts: TemplatePart[] = []
    while (i < flat.length) {
      const f = flat[i++]!
      if (f.k === 'dir') {
        if (stop.includes(f.word)) return {parts, end: f.word}
        p.fail('Unexpected template directive', `"${f.word}" has no matching opening directive.`)
      }
      if (f.k === 'if') {
        const a = walk(['else', 'endif'])
        f.then = a.parts
        if (a.end === 'else') f.else = walk(['endif']).parts
      } else if (f.k === 'for') f.body = walk(['endfor']).parts
      parts.push(f)
    }
    if (stop.length) p.fail('Unterminated template directive', `Expected an ${stop[stop.length - 1]} directive.`)
    return {parts}
  }
  return walk([]).parts
}
