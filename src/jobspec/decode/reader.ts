import {UserError} from '../../lib/errors.js'
import type {Body} from '../body-tree.js'
import {parseDuration} from '../duration.js'

// Reads one block's attributes and child blocks with type checks, and remembers what was
// read so that everything else can be reported as Nomad does ("Unsupported argument").

/** Blocks that take a name label; every other block takes none. */
const LABELS: Record<string, number> = {job: 1, group: 1, task: 1, port: 1, volume: 1, target: 1, device: 1, action: 1, secret: 1, variable: 1}

export interface DecodeCtx {
  file: string
  errors: UserError[]
  lines: WeakMap<object, number>
}

export class BlockReader {
  private readonly used = new Set<string>()
  private readonly usedBlocks = new Set<string>()

  constructor(
    readonly body: Body,
    readonly ctx: DecodeCtx,
  ) {}

  lineOf(name: string): number {
    return this.body.attrLines[name] ?? this.body.line
  }

  error(line: number, message: string, field?: string): void {
    this.ctx.errors.push(new UserError(`${this.ctx.file}:${line}: ${message}`, {code: 'invalid_job', file: this.ctx.file, line, field}))
  }

  has(name: string): boolean {
    return name in this.body.attrs
  }

  any(name: string): unknown {
    this.used.add(name)
    return this.body.attrs[name]
  }

  private typed<T>(name: string, what: string, ok: (v: unknown) => T | undefined): T | undefined {
    const v = this.any(name)
    if (v === undefined || v === null) return undefined
    const out = ok(v)
    if (out === undefined) this.error(this.lineOf(name), `Incorrect attribute value type; Inappropriate value for attribute "${name}": ${what} required, got ${JSON.stringify(v)}.`, name)
    return out
  }

  str(name: string): string | undefined {
    return this.typed(name, 'string', (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined))
  }

  num(name: string): number | undefined {
    return this.typed(name, 'number', (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined))
  }

  int(name: string): number | undefined {
    const n = this.num(name)
    if (n !== undefined && !Number.isInteger(n)) {
      this.error(this.lineOf(name), `Incorrect attribute value type; Inappropriate value for attribute "${name}": a whole number is required, got ${n}.`, name)
      return Math.trunc(n)
    }
    return n
  }

  bool(name: string): boolean | undefined {
    return this.typed(name, 'bool', (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined))
  }

  strList(name: string): string[] | undefined {
    return this.typed(name, 'list of string', (v) => (Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.map(String) : undefined))
  }

  duration(name: string): number | undefined {
    const v = this.any(name)
    if (v === undefined || v === null) return undefined
    if (typeof v === 'number') return v
    const ns = typeof v === 'string' ? parseDuration(v) : undefined
    if (ns === undefined) this.error(this.lineOf(name), `Unsuitable duration value; time: invalid duration ${JSON.stringify(v)} for "${name}": use a number with a unit, like "30s" or "1h30m".`, name)
    return ns
  }

  /** A map of strings given as an attribute (`env = {…}`) or merged from blocks (`env {…}`). */
  strMap(name: string): Record<string, string> | undefined {
    let out: Record<string, string> | undefined
    const add = (obj: unknown, line: number) => {
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
        this.error(line, `Incorrect attribute value type; Inappropriate value for attribute "${name}": map of string required.`, name)
        return
      }
      out ??= {}
      for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
    }
    const attr = this.any(name)
    const hasAttr = attr !== undefined && attr !== null
    if (hasAttr) add(attr, this.lineOf(name))
    const blocks = this.blocks(name)
    // As jobspec2: one `name {…}` block or one `name = {…}` attribute, never both or two.
    const dup = hasAttr ? blocks[0] : blocks[1]
    if (dup) {
      const first = hasAttr ? this.lineOf(name) : blocks[0]!.line
      this.error(dup.line, `Duplicate ${name} block; Only one "${name}" block or attribute is allowed. Another was defined at ${this.ctx.file}:${first}.`, name)
      return out
    }
    for (const b of blocks) {
      if (b.blocks.length) this.error(b.blocks[0]!.line, `Unsupported block type; Blocks of type "${b.blocks[0]!.type}" are not expected here.`, name)
      add(b.attrs, b.line)
    }
    return out
  }

  blocks(type: string): Body[] {
    const first = !this.usedBlocks.has(type)
    this.usedBlocks.add(type)
    const found = this.body.blocks.filter((b) => b.type === type)
    if (first) for (const b of found) this.checkLabels(b)
    return found
  }

  private checkLabels(b: Body): void {
    const want = LABELS[b.type] ?? 0
    if (b.type === 'scaling' || b.labels.length === want) return
    if (b.labels.length < want) this.error(b.line, `Missing name for ${b.type}; All ${b.type} blocks must have 1 labels (name).`, b.type)
    else if (want === 0) this.error(b.line, `Extraneous label for ${b.type}; No labels are expected for ${b.type} blocks.`, b.type)
    else this.error(b.line, `Extraneous label for ${b.type}; Only 1 labels (name) are expected for ${b.type} blocks.`, b.type)
  }

  block(type: string): Body | undefined {
    const all = this.blocks(type)
    if (all.length > 1) this.error(all[1]!.line, `Duplicate ${type} block; Only one "${type}" block is allowed. Another was defined at ${this.ctx.file}:${all[0]!.line}.`, type)
    return all[0]
  }

  /** Reports every attribute and block that no decoder asked for. */
  finish(): void {
    for (const name of Object.keys(this.body.attrs)) {
      if (!this.used.has(name)) this.error(this.lineOf(name), `Unsupported argument; An argument named "${name}" is not expected here.`, name)
    }
    for (const b of this.body.blocks) {
      if (!this.usedBlocks.has(b.type)) this.error(b.line, `Unsupported block type; Blocks of type "${b.type}" are not expected here.`, b.type)
    }
  }
}

export function withLine<T extends object>(ctx: DecodeCtx, obj: T, line: number): T {
  ctx.lines.set(obj, line)
  return obj
}
