import {RuleError} from './rule-error.js'

export type Token =
  | {type: 'ident'; value: string; column: number}
  | {type: 'string'; value: string; column: number}
  | {type: '(' | ')' | ',' | '&&' | '||' | '!' | 'end'; column: number}

const IDENT_START = /[A-Za-z_]/
const IDENT_PART = /[A-Za-z0-9_]/

/** Split a rule into tokens; string values come out unescaped. Columns are 1-based. */
export function lexRule(rule: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < rule.length) {
    const c = rule[i]
    const column = i + 1
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === '(' || c === ')' || c === ',' || c === '!') {
      tokens.push({type: c, column})
      i++
    } else if ((c === '&' || c === '|') && rule[i + 1] === c) {
      tokens.push({type: c === '&' ? '&&' : '||', column})
      i += 2
    } else if (c === '`') {
      const close = rule.indexOf('`', i + 1)
      if (close < 0) throw new RuleError(rule, column, 'unterminated backtick string', 'Close the value with a backtick: Host(`example.localhost`).')
      tokens.push({type: 'string', value: rule.slice(i + 1, close), column})
      i = close + 1
    } else if (c === '"') {
      const [value, next] = readQuoted(rule, i)
      tokens.push({type: 'string', value, column})
      i = next
    } else if (IDENT_START.test(c)) {
      let j = i + 1
      while (j < rule.length && IDENT_PART.test(rule[j])) j++
      tokens.push({type: 'ident', value: rule.slice(i, j), column})
      i = j
    } else if (c === "'") {
      throw new RuleError(rule, column, 'single quotes are not accepted', 'Quote values with backticks (`value`) or double quotes ("value").')
    } else {
      throw new RuleError(rule, column, `unexpected character ${JSON.stringify(c)}`)
    }
  }
  tokens.push({type: 'end', column: rule.length + 1})
  return tokens
}

const SIMPLE_ESCAPES: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"'}

/** A Go interpreted string literal starting at `start` (the opening quote). */
function readQuoted(rule: string, start: number): [string, number] {
  let out = ''
  let i = start + 1
  while (i < rule.length) {
    const c = rule[i]
    if (c === '"') return [out, i + 1]
    if (c === '\n') break
    if (c !== '\\') {
      out += c
      i++
      continue
    }
    const e = rule[i + 1]
    if (e !== undefined && e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e]
      i += 2
      continue
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : /[0-7]/.test(e ?? '') ? 3 : 0
    const digits = e === undefined || width === 0 ? '' : /[0-7]/.test(e) ? rule.slice(i + 1, i + 4) : rule.slice(i + 2, i + 2 + width)
    const valid = width > 0 && digits.length === width && (/[0-7]/.test(e) ? /^[0-7]{3}$/.test(digits) : /^[0-9a-fA-F]+$/.test(digits))
    const code = valid ? parseInt(digits, /[0-7]/.test(e) ? 8 : 16) : -1
    if (!valid || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new RuleError(rule, i + 1, `invalid escape ${JSON.stringify(rule.slice(i, i + 2))} in double-quoted string`, 'Use a backtick string to write the value without escapes.')
    }
    out += String.fromCodePoint(code)
    i += /[0-7]/.test(e) ? 4 : 2 + width
  }
  throw new RuleError(rule, start + 1, 'unterminated double-quoted string', 'Close the value with a double quote.')
}
