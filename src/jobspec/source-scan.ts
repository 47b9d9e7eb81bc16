import {UserError} from '../lib/errors.js'
import {BodyReader, type SyntaxBlock} from './hcl-syntax/body.js'
import {HclSyntaxError} from './hcl-syntax/cursor.js'

// An HCL2 file → its block tree in source order: for every block its type, labels and line,
// for every attribute its line and its expression exactly as written (src/jobspec/expr/
// evaluates that text). Syntax errors are `file:line:col: summary; detail`, as HCL words them.

export interface ScanBlock {
  type: string
  labels: string[]
  line: number
  attrs: Record<string, number>
  /** Each attribute's expression exactly as written. */
  raws: Record<string, string>
  /** Each attribute's expression as [start, end) offsets into the source. */
  ranges: Record<string, [number, number]>
  blocks: ScanBlock[]
}

export function scanSource(src: string, file = '<source>'): ScanBlock {
  const reader = new BodyReader(src, file)
  let tree: SyntaxBlock
  try {
    tree = reader.document()
  } catch (err) {
    if (!(err instanceof HclSyntaxError)) throw err
    const {line, column} = reader.position(Math.min(err.offset, src.length))
    throw new UserError(`${file}:${line}:${column}: ${err.summary}; ${err.detail}`, {code: 'hcl_syntax', file, line, column})
  }
  const convert = (b: SyntaxBlock): ScanBlock => {
    const out: ScanBlock = {type: b.type, labels: b.labels, line: reader.position(b.at).line, attrs: {}, raws: {}, ranges: {}, blocks: b.blocks.map(convert)}
    for (const a of b.attrs) {
      out.attrs[a.name] = reader.position(a.at).line
      out.raws[a.name] = src.slice(a.start, a.end)
      out.ranges[a.name] = [a.start, a.end]
    }
    return out
  }
  const root = convert(tree)
  root.line = 1
  return root
}
