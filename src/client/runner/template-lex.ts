// Lexing for the template renderer: the source cut into text and actions (with `{{-`/`-}}`
// trimming applied), and an action cut into pipeline commands and words.

export class TemplateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateError'
  }
}

export type Segment = {kind: 'text'; text: string} | {kind: 'action'; body: string; line: number}

export interface Word {
  text: string
  literal: boolean
}

export function lexTemplate(src: string, l: string, r: string): Segment[] {
  const out: Segment[] = []
  let pos = 0
  let trimNext = false
  for (;;) {
    const start = src.indexOf(l, pos)
    let text = src.slice(pos, start === -1 ? undefined : start)
    if (trimNext) text = text.replace(/^\s+/, '')
    if (start === -1) {
      if (text) out.push({kind: 'text', text})
      return out
    }
    const rest = src.slice(start + l.length)
    const end = findClose(rest, r)
    const line = lineOf(src, start)
    if (end === -1) throw new TemplateError(`unclosed action at line ${line}: missing "${r}"`)
    const inner = rest.slice(0, end)
    if (/^-\s/.test(inner)) text = text.replace(/\s+$/, '')
    trimNext = /\s-$/.test(inner)
    if (text) out.push({kind: 'text', text})
    out.push({kind: 'action', body: inner.replace(/^-\s/, '').replace(/\s-$/, '').trim(), line})
    pos = start + l.length + end + r.length
  }
}

function findClose(s: string, r: string): number {
  let quote: string | null = null
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === '`') quote = c
    else if (s.startsWith(r, i)) return i
  }
  return -1
}

function lineOf(src: string, index: number): number {
  return src.slice(0, index).split('\n').length
}

/** `a "x" | b | c` → [[a, "x"], [b], [c]], quotes respected. */
export function splitPipeline(action: string, line: number): Word[][] {
  const parts: string[] = []
  let cur = ''
  let quote: string | null = null
  for (let i = 0; i < action.length; i++) {
    const c = action[i]!
    if (quote) {
      if (c === '\\' && quote === '"') cur += c + (action[++i] ?? '')
      else {
        if (c === quote) quote = null
        cur += c
      }
      continue
    }
    if (c === '"' || c === '`') quote = c
    if (c === '|') {
      parts.push(cur.trim())
      cur = ''
    } else cur += c
  }
  parts.push(cur.trim())
  return parts.map((p) => tokenize(p, line))
}

function tokenize(cmd: string, line: number): Word[] {
  const out: Word[] = []
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`]+))/gy
  let m: RegExpExecArray | null
  let pos = 0
  while ((m = re.exec(cmd)) && m[0].length) {
    pos = re.lastIndex
    if (m[1] !== undefined) out.push({text: JSON.parse(`"${m[1]}"`) as string, literal: true})
    else if (m[2] !== undefined) out.push({text: m[2], literal: true})
    else out.push({text: m[3]!, literal: false})
  }
  if (cmd.slice(pos).trim()) throw new TemplateError(`cannot parse "${cmd}" at line ${line}`)
  return out
}
