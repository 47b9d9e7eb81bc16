import {parseError} from './errors.js'

// The lexer of Go's text/template: text, actions between delimiters with their trim markers
// ("{{- " and " -}}"), comments, and the tokens inside an action.

export type TokKind =
  | 'text' | 'left' | 'right' | 'eof' | 'space' | 'pipe' | 'lparen' | 'rparen' | 'comma' | 'declare' | 'assign'
  | 'string' | 'rawstring' | 'char' | 'number' | 'bool' | 'nil' | 'dot' | 'field' | 'variable' | 'identifier' | 'keyword'

export interface Token {
  kind: TokKind
  val: string
  pos: number
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with'])
const SPACE = /[ \t\r\n]/
const ALNUM = /[\p{L}\p{Nd}_]/u

export interface LexOptions {
  name: string
  left?: string
  right?: string
}

export function lex(src: string, opts: LexOptions): Token[] {
  const L = opts.left || '{{'
  const R = opts.right || '}}'
  const out: Token[] = []
  const fail = (pos: number, msg: string): never => {
    throw parseError(opts.name, src, pos, msg)
  }
  let pos = 0
  let trimNext = false
  while (pos <= src.length) {
    const start = src.indexOf(L, pos)
    let textEnd = start === -1 ? src.length : start
    let text = src.slice(pos, textEnd)
    if (trimNext) {
      const t = text.replace(/^[ \t\r\n]+/, '')
      pos += text.length - t.length
      text = t
      trimNext = false
    }
    if (start === -1) {
      if (text) out.push({kind: 'text', val: text, pos})
      break
    }
    let p = start + L.length
    const trimLeft = src[p] === '-' && SPACE.test(src[p + 1] ?? '')
    if (trimLeft) {
      text = text.replace(/[ \t\r\n]+$/, '')
      p += 2
    }
    textEnd = pos + text.length
    if (text) out.push({kind: 'text', val: text, pos})
    // comment: {{/* ... */}}, possibly with trim markers
    let q = p
    while (trimLeft && SPACE.test(src[q] ?? '')) q++
    if (src.startsWith('/*', trimLeft ? q : p)) {
      const cs = trimLeft ? q : p
      const ce = src.indexOf('*/', cs + 2)
      if (ce === -1) fail(start, 'unclosed comment')
      let after = ce + 2
      const rt = rightTrim(src, after, R)
      if (rt) after += rt - R.length
      if (!src.startsWith(R, after)) fail(start, 'comment ends before closing delimiter')
      trimNext = rt > 0
      pos = after + R.length
      continue
    }
    out.push({kind: 'left', val: L, pos: start})
    pos = lexAction(src, p, R, out, (at, msg) => fail(msg === 'unclosed action' ? start : at, msg), (t) => (trimNext = t))
  }
  out.push({kind: 'eof', val: '', pos: src.length})
  return out
}

/** Length of " -}}" at i (0 if absent). */
function rightTrim(src: string, i: number, R: string): number {
  return SPACE.test(src[i] ?? '') && src[i + 1] === '-' && src.startsWith(R, i + 2) ? 2 + R.length : 0
}

function lexAction(src: string, p: number, R: string, out: Token[], fail: (pos: number, msg: string) => never, setTrim: (t: boolean) => void): number {
  let parens = 0
  const push = (kind: TokKind, val: string, pos: number) => out.push({kind, val, pos})
  for (;;) {
    const rt = rightTrim(src, p, R)
    if (rt && parens === 0) {
      push('right', R, p)
      setTrim(true)
      return p + rt
    }
    if (src.startsWith(R, p)) {
      if (parens > 0) fail(p, 'unclosed left paren')
      push('right', R, p)
      return p + R.length
    }
    if (p >= src.length) fail(p, 'unclosed action')
    const c = src[p]!
    if (SPACE.test(c)) {
      const s = p
      while (SPACE.test(src[p] ?? '') && !rightTrim(src, p, R) && !src.startsWith(R, p)) p++
      if (p === s) {
        // a space that starts " -}}" with parens open: still whitespace
        p++
      }
      push('space', src.slice(s, p), s)
      continue
    }
    if (c === '|') { push('pipe', c, p++); continue }
    if (c === ',') { push('comma', c, p++); continue }
    if (c === '(') { parens++; push('lparen', c, p++); continue }
    if (c === ')') {
      if (--parens < 0) fail(p, 'unexpected right paren')
      push('rparen', c, p++)
      continue
    }
    if (c === ':') {
      if (src[p + 1] !== '=') fail(p, 'expected :=')
      push('declare', ':=', p)
      p += 2
      continue
    }
    if (c === '=') { push('assign', c, p++); continue }
    if (c === '"') { p = quoted(src, p, '"', 'string', push, fail); continue }
    if (c === "'") { p = quoted(src, p, "'", 'char', push, fail); continue }
    if (c === '`') {
      const e = src.indexOf('`', p + 1)
      if (e === -1) fail(p, 'unterminated raw quoted string')
      push('rawstring', src.slice(p, e + 1), p)
      p = e + 1
      continue
    }
    if (c === '$') {
      let e = p + 1
      while (ALNUM.test(src[e] ?? '')) e++
      push('variable', src.slice(p, e), p)
      p = e
      continue
    }
    if (c === '.') {
      if (/[0-9]/.test(src[p + 1] ?? '')) { p = number(src, p, push, fail); continue }
      let e = p + 1
      while (ALNUM.test(src[e] ?? '')) e++
      if (e === p + 1) push('dot', '.', p)
      else push('field', src.slice(p, e), p)
      p = e
      continue
    }
    if (/[0-9+-]/.test(c)) { p = number(src, p, push, fail); continue }
    if (ALNUM.test(c)) {
      let e = p
      while (ALNUM.test(src[e] ?? '')) e++
      const word = src.slice(p, e)
      const kind: TokKind = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier'
      push(kind, word, p)
      p = e
      continue
    }
    fail(p, `unrecognized character in action: ${JSON.stringify(c)}`)
  }
}

function quoted(src: string, p: number, q: string, kind: TokKind, push: (k: TokKind, v: string, pos: number) => void, fail: (pos: number, msg: string) => never): number {
  let e = p + 1
  for (;;) {
    const c = src[e]
    if (c === undefined || c === '\n') fail(p, kind === 'char' ? 'unterminated character constant' : 'unterminated quoted string')
    if (c === '\\') e += 2
    else if (c === q) break
    else e++
  }
  push(kind, src.slice(p, e + 1), p)
  return e + 1
}

function number(src: string, p: number, push: (k: TokKind, v: string, pos: number) => void, fail: (pos: number, msg: string) => never): number {
  const m = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(src.slice(p))!
  const text = m[0]
  const next = src[p + text.length] ?? ''
  if (!text || text === '+' || text === '-' || ALNUM.test(next)) fail(p, `bad number syntax: "${src.slice(p, p + text.length + 1)}"`)
  push('number', text, p)
  return p + text.length
}
