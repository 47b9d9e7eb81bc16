import {UserError} from '../lib/errors.js'

// Bounds on a job file before any parser sees it, so hostile or broken input (1,000-deep
// parentheses, 100,000-deep JSON arrays, a control character in a label, a huge file) gets a
// located one-paragraph error instead of a stack overflow deep inside a parser.

export const MAX_JOB_FILE_BYTES = 4 * 1024 * 1024
/** Brackets, braces, parentheses, strings and ${…} together; real job files stay below 20. */
export const MAX_NESTING = 128

type Frame = '(' | '[' | '{' | 'str' | 'interp'
const CLOSE: Record<string, Frame> = {')': '(', ']': '[', '}': '{'}

export function checkSourceBounds(source: string, file: string, kind: 'hcl' | 'json'): UserError | undefined {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > MAX_JOB_FILE_BYTES) {
    return new UserError(`${file}: Job file too large; it is ${bytes} bytes, above the limit of ${MAX_JOB_FILE_BYTES} bytes (4 MiB). Split the job, or move large data into artifacts or template files.`, {code: 'too_large', file})
  }
  const stack: Frame[] = []
  let line = 1
  let lineStart = 0
  const at = (i: number, msg: string, code: string) => {
    const column = i - lineStart + 1
    return new UserError(`${file}:${line}:${column}: ${msg}`, {code, file, line, column})
  }
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    const code = c.charCodeAt(0)
    if (c === '\n') {
      line++
      lineStart = i + 1
      continue
    }
    if ((code < 0x20 && c !== '\t' && c !== '\r') || code === 0x7f) {
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
      return at(i, `Invalid character; the control character ${hex} is not allowed in a job file${stack.at(-1) === 'str' ? ' (here inside a string or label)' : ''}. Remove it, or inside a quoted string write it as an escape such as \\u${code.toString(16).padStart(4, '0')}.`, 'invalid_character')
    }
    const top = stack.at(-1)
    if (top === 'str') {
      if (c === '\\') i++
      else if (c === '"') stack.pop()
      else if (kind === 'hcl' && (c === '$' || c === '%') && source[i + 1] === '{' && source[i - 1] !== c) {
        stack.push('interp')
        i++
      }
    } else if (c === '"') stack.push('str')
    else if (kind === 'hcl' && (c === '#' || (c === '/' && source[i + 1] === '/'))) {
      while (i + 1 < source.length && source[i + 1] !== '\n') i++
    } else if (kind === 'hcl' && c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2)
      const stop = end < 0 ? source.length : end + 2
      for (let k = i; k < stop; k++) if (source[k] === '\n') (line++, (lineStart = k + 1))
      i = stop - 1
    } else if (kind === 'hcl' && c === '<' && source[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(source.slice(i, i + 200))
      if (m) {
        const end = new RegExp(`\\n[ \\t]*${m[1]}[ \\t]*(\\r?\\n|$)`).exec(source.slice(i))
        const stop = end ? i + end.index + 1 : source.length
        for (let k = i; k < stop; k++) if (source[k] === '\n') (line++, (lineStart = k + 1))
        i = stop - 1
      }
    } else if (c === '(' || c === '[' || c === '{') stack.push(c)
    else if (c === '}' && top === 'interp') stack.pop()
    else if (c in CLOSE && top === CLOSE[c]) stack.pop()
    if (stack.length > MAX_NESTING) {
      return at(i, `Nesting too deep; brackets, braces, parentheses and strings nest more than ${MAX_NESTING} levels here (the limit for a job file). Flatten the expression or the data.`, 'too_deep')
    }
  }
  return undefined
}
