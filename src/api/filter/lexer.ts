// Tokens of go-bexpr filter expressions (Nomad's ?filter=, api-docs "Filtering"). Pure.
// Keywords are lowercase as in go-bexpr; strings are "double quoted" (Go escapes) or `raw`.

export type TokenKind = 'ident' | 'string' | 'bare' | 'op' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'dot' | 'eof'

export interface Token {
  kind: TokenKind
  text: string
  /** Offset of the token's first character in the expression. */
  pos: number
}

export class FilterError extends Error {
  constructor(
    readonly pos: number,
    readonly source: string,
    message: string,
  ) {
    super(message)
  }
}

const IDENT_START = /[A-Za-z_]/
const IDENT = /[A-Za-z0-9_]/
// an unquoted value: numbers, booleans, and words with -, :, / (bexpr accepts them bare)
const BARE = /[A-Za-z0-9_\-+:/]/

const ESCAPES: Record<string, string> = {n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', '/': '/'}

export function lex(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  const fail = (pos: number, msg: string): never => {
    throw new FilterError(pos, src, msg)
  }
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    const start = i
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === '.') {
      out.push({kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : c === '[' ? 'lbracket' : c === ']' ? 'rbracket' : 'dot', text: c, pos: i})
      i++
      continue
    }
    if ((c === '=' || c === '!') && src[i + 1] === '=') {
      out.push({kind: 'op', text: c + '=', pos: i})
      i += 2
      continue
    }
    if (c === '"') {
      let text = ''
      i++
      for (;;) {
        if (i >= src.length) fail(start, 'unterminated string')
        const d = src[i]!
        if (d === '"') break
        if (d === '\\') {
          const e = src[i + 1]
          if (e === undefined) fail(i, 'unterminated string')
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            text += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16))
            i += 6
            continue
          }
          if (!(e! in ESCAPES)) fail(i, `invalid escape sequence \\${e}`)
          text += ESCAPES[e!]
          i += 2
          continue
        }
        text += d
        i++
      }
      i++
      out.push({kind: 'string', text, pos: start})
      continue
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1)
      if (end < 0) fail(start, 'unterminated raw string')
      out.push({kind: 'string', text: src.slice(i + 1, end), pos: start})
      i = end + 1
      continue
    }
    if (IDENT_START.test(c)) {
      while (i < src.length && IDENT.test(src[i]!)) i++
      // a word followed by value characters (e.g. 2024-01-01, a:b) is a bare value
      if (i < src.length && BARE.test(src[i]!) && !IDENT.test(src[i]!)) {
        while (i < src.length && BARE.test(src[i]!)) i++
        out.push({kind: 'bare', text: src.slice(start, i), pos: start})
      } else out.push({kind: 'ident', text: src.slice(start, i), pos: start})
      continue
    }
    if (BARE.test(c)) {
      // numbers may hold a decimal point: 1.5, -0.25
      while (i < src.length && (BARE.test(src[i]!) || (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')))) i++
      out.push({kind: 'bare', text: src.slice(start, i), pos: start})
      continue
    }
    fail(i, `unexpected character ${JSON.stringify(c)}`)
  }
  out.push({kind: 'eof', text: '', pos: src.length})
  return out
}
