// hcl2json's output has no positions and sorts labelled blocks by label. This light scanner
// walks the source once and records, for every block, its type, labels, line and the lines of
// its attributes, in source order. It trusts the syntax (hcl2json has already checked it).

export interface ScanBlock {
  type: string
  labels: string[]
  line: number
  attrs: Record<string, number>
  /** Each attribute's expression exactly as written (hcl2json normalizes template text). */
  raws: Record<string, string>
  blocks: ScanBlock[]
}

export function scanSource(src: string): ScanBlock {
  const s = new Scanner(src)
  const root: ScanBlock = {type: '', labels: [], line: 1, attrs: {}, raws: {}, blocks: []}
  s.body(root, false)
  return root
}

class Scanner {
  i = 0
  private readonly lineStarts: number[] = [0]
  constructor(readonly s: string) {
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 10) this.lineStarts.push(k + 1)
  }

  line(at = this.i): number {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.lineStarts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }

  skipSpace(newlines: boolean): void {
    const s = this.s
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) while (this.i < s.length && s[this.i] !== '\n') this.i++
      else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2)
        this.i = end < 0 ? s.length : end + 2
      } else return
    }
  }

  ident(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 200))
    if (!m) return undefined
    this.i += m[0].length
    return m[0]
  }

  body(block: ScanBlock, closed: boolean): void {
    for (;;) {
      this.skipSpace(true)
      if (this.i >= this.s.length) return
      if (this.s[this.i] === '}') {
        this.i++
        if (closed) return
        continue
      }
      const start = this.i
      const name = this.ident()
      if (!name) {
        this.i++ // not valid HCL; hcl2json would have refused it
        continue
      }
      this.skipSpace(false)
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
        this.i++
        block.attrs[name] ??= this.line(start)
        const from = this.i
        this.skipExpression()
        block.raws[name] ??= this.s.slice(from, this.i).trim()
        continue
      }
      const child: ScanBlock = {type: name, labels: [], line: this.line(start), attrs: {}, raws: {}, blocks: []}
      for (;;) {
        this.skipSpace(false)
        const c = this.s[this.i]
        if (c === '"') child.labels.push(this.quotedLabel())
        else if (c === '{') {
          this.i++
          break
        } else {
          const label = this.ident()
          if (label === undefined) {
            this.i++
            break
          }
          child.labels.push(label)
        }
      }
      block.blocks.push(child)
      this.body(child, true)
    }
  }

  quotedLabel(): string {
    const start = this.i
    this.skipString()
    return JSON.parse(this.s.slice(start, this.i).replace(/\\u\{?([0-9a-fA-F]+)\}?/g, '\\u$1')) as string
  }

  /** Skips an attribute's expression: up to a newline or a closing brace at nesting depth 0. */
  skipExpression(): void {
    const s = this.s
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === '\n' || c === '}') return
      if (c === '#' || (c === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*'))) {
        const before = this.i
        this.skipSpace(false)
        if (this.i === before) this.i++
      } else if (c === '"') this.skipString()
      else if (c === '<' && s[this.i + 1] === '<' && /^<<-?[A-Za-z_]/.test(s.slice(this.i, this.i + 4))) this.skipHeredoc()
      else if (c === '(' || c === '[' || c === '{') {
        this.i++
        this.skipNested(c === '(' ? ')' : c === '[' ? ']' : '}')
      } else this.i++
    }
  }

  skipNested(close: string): void {
    const s = this.s
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === close) {
        this.i++
        return
      }
      if (c === '#' || (c === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*'))) {
        const before = this.i
        this.skipSpace(false)
        if (this.i === before) this.i++
      } else if (c === '"') this.skipString()
      else if (c === '<' && s[this.i + 1] === '<' && /^<<-?[A-Za-z_]/.test(s.slice(this.i, this.i + 4))) this.skipHeredoc()
      else if (c === '(' || c === '[' || c === '{') {
        this.i++
        this.skipNested(c === '(' ? ')' : c === '[' ? ']' : '}')
      } else this.i++
    }
  }

  skipString(): void {
    const s = this.s
    this.i++
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === '\\') this.i += 2
      else if (c === '"') {
        this.i++
        return
      } else if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') this.i += 3
      else if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        this.i += 2
        this.skipNested('}')
      } else if (c === '\n') return
      else this.i++
    }
  }

  skipHeredoc(): void {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)/.exec(this.s.slice(this.i, this.i + 200))!
    const nl = this.s.indexOf('\n', this.i)
    this.i = nl < 0 ? this.s.length : nl + 1
    while (this.i < this.s.length) {
      const end = this.s.indexOf('\n', this.i)
      const line = this.s.slice(this.i, end < 0 ? this.s.length : end)
      if (line.trim() === m[1]) {
        this.i += line.length // leave the newline: it ends the attribute
        return
      }
      this.i = end < 0 ? this.s.length : end + 1
    }
  }
}
