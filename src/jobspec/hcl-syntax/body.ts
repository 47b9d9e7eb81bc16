import {ExpressionReader} from './expression.js'

// HCL native syntax, the structural part: a body is attributes (`name = expr`, one a line) and
// blocks (`type "label" label2 { body }`, or on one line `type { name = expr }`). Every
// attribute's expression is recognized by ExpressionReader so its exact source range is known.

export interface SyntaxAttr {
  name: string
  /** Offset of the name; the expression is [start, end). */
  at: number
  start: number
  end: number
}

export interface SyntaxBlock {
  type: string
  labels: string[]
  at: number
  attrs: SyntaxAttr[]
  blocks: SyntaxBlock[]
}

export class BodyReader extends ExpressionReader {
  document(): SyntaxBlock {
    const root: SyntaxBlock = {type: '', labels: [], at: 0, attrs: [], blocks: []}
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1
    this.body(root, undefined)
    return root
  }

  private body(block: SyntaxBlock, open: number | undefined): void {
    for (;;) {
      this.skip(true)
      if (this.i >= this.s.length) {
        if (open === undefined) return
        this.fail('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open)
      }
      if (this.s[this.i] === '}' && open !== undefined) {
        this.i++
        return
      }
      this.item(block, false)
      this.endOfItem('Missing newline after argument', 'An argument definition must end with a newline.')
    }
  }

  /** After an attribute or a block: the rest of the line must be empty. */
  private endOfItem(summary: string, detail: string): void {
    this.skip(false)
    const c = this.s[this.i]
    if (c === undefined || c === '\n') return
    this.fail(summary, detail)
  }

  private item(parent: SyntaxBlock, oneLine: boolean): void {
    const at = this.i
    const name = this.ident()
    if (name === undefined) this.fail('Argument or block definition required', 'An argument or block definition is required here.')
    this.skip(false)
    if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
      this.i++
      this.skip(false)
      const start = this.i
      this.expression(true)
      const prev = parent.attrs.find((a) => a.name === name)
      if (prev) {
        const p = this.position(prev.at)
        this.fail('Attribute redefined', `The argument "${name}" was already set at ${this.file}:${p.line},${p.column}-${p.column + name.length}. Each argument may be set only once.`, at)
      }
      parent.attrs.push({name, at, start, end: this.i})
      return
    }
    if (oneLine) this.fail('Argument definition required', `A single-line block definition can contain only a single argument. If you meant to define argument "${name}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`, at)
    const block: SyntaxBlock = {type: name, labels: [], at, attrs: [], blocks: []}
    for (;;) {
      this.skip(false)
      const c = this.s[this.i]
      if (c === '"') block.labels.push(this.label())
      else if (c === '{') break
      else {
        const label = this.ident()
        if (label === undefined) {
          if (c === '=') this.fail('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', at)
          this.fail('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.')
        }
        block.labels.push(label)
      }
    }
    const open = this.i
    this.i++
    parent.blocks.push(block)
    this.skip(false)
    const c = this.s[this.i]
    if (c === '}') this.i++
    else if (c === '\n' || c === undefined) this.body(block, open)
    else this.oneLineBody(block, open)
    this.endOfItem('Missing newline after block definition', 'A block definition must end with a newline.')
  }

  private oneLineBody(block: SyntaxBlock, open: number): void {
    this.item(block, true)
    this.skip(false)
    if (this.s[this.i] === '}') {
      this.i++
      return
    }
    if (this.i >= this.s.length) this.fail('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open)
    this.fail('Invalid single-argument block definition', "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.")
  }

  /** A quoted block label: a string literal, with escapes but no template sequences. */
  private label(): string {
    const s = this.s
    const open = this.i
    let out = ''
    this.i++
    for (;;) {
      const c = s[this.i]
      if (c === undefined || c === '\n') this.fail('Unterminated string literal', 'Unable to find the closing quote mark before the end of the line.', open)
      if (c === '"') {
        this.i++
        return out
      }
      if (c === '\\') {
        const e = s[this.i + 1]!
        const simple: Record<string, string> = {n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\'}
        if (e in simple) {
          out += simple[e]
          this.i += 2
          continue
        }
        const len = e === 'u' ? 4 : e === 'U' ? 8 : 0
        const hex = s.slice(this.i + 2, this.i + 2 + len)
        if (!len || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) this.fail('Invalid escape sequence', `The symbol ${JSON.stringify(e)} is not a valid escape sequence selector.`)
        out += String.fromCodePoint(parseInt(hex, 16))
        this.i += 2 + len
        continue
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') this.fail('Invalid block label', 'Template sequences are not allowed in block labels.')
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        out += c + '{'
        this.i += 3
        continue
      }
      out += c
      this.i++
    }
  }
}
