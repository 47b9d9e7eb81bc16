import {UserError} from '../lib/errors.js'

// Bounds on a platform file before the YAML parser sees it: a size limit and a nesting limit
// (indentation, `- - -` sequences and [ { flow collections together), so a 2,000-deep document
// gets a located error instead of a stack overflow. Platform files nest about 5 levels.

export const MAX_PLATFORM_BYTES = 1024 * 1024
export const MAX_YAML_NESTING = 64

export function checkYamlBounds(text: string, display: string): UserError | undefined {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_PLATFORM_BYTES) return new UserError(`${display}: the platform file is ${bytes} bytes, above the limit of ${MAX_PLATFORM_BYTES} (1 MiB); a platform file describes a cluster, keep large data elsewhere`, {code: 'too_large', file: display})
  const indents: number[] = []
  let flow = 0
  const lines = text.split('\n')
  for (let l = 0; l < lines.length; l++) {
    const s = lines[l]!
    const indent = s.length - s.trimStart().length
    if (s.trim() === '' || s.trimStart().startsWith('#')) continue
    if (flow === 0) {
      while (indents.length && indents.at(-1)! >= indent) indents.pop()
      indents.push(indent)
    }
    let depth = indents.length
    let quote = ''
    for (let i = indent; i < s.length; i++) {
      const c = s[i]!
      if (quote) {
        if (c === quote) quote = ''
        continue
      }
      if (c === '"' || c === "'") quote = c
      else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) break
      else if (c === '-' && (s[i + 1] === ' ' || s[i + 1] === undefined) && s.slice(indent, i).replace(/- /g, '').trim() === '') depth++
      else if (c === '[' || c === '{') flow++
      else if ((c === ']' || c === '}') && flow > 0) flow--
      if (depth + flow > MAX_YAML_NESTING) {
        return new UserError(`${display}:${l + 1}:${i + 1}: the YAML nests more than ${MAX_YAML_NESTING} levels here; a platform file needs about 5, check the indentation and brackets`, {code: 'too_deep', file: display, line: l + 1, column: i + 1})
      }
    }
  }
  return undefined
}
