import {isMap, isScalar, isSeq, type LineCounter, type Node} from 'yaml'
import {UserError} from '../lib/errors.js'
import {suggestNearest} from './suggest.js'

// Walks the YAML syntax tree (not plain JS values) so that every complaint can name
// file:line:column and the field path. Errors are collected, never thrown one by one.
export class YamlReader {
  readonly errors: UserError[] = []

  constructor(readonly file: string, private readonly lc: LineCounter) {}

  fail(node: Node | null | undefined, field: string, message: string, hint?: string): undefined {
    const offset = node?.range?.[0] ?? 0
    const {line, col} = this.lc.linePos(offset)
    const prefix = `${this.file}:${line}:${col}: ${field ? `${field}: ` : ''}`
    this.errors.push(new UserError(prefix + message, {code: 'invalid_platform', file: this.file, line, column: col, field, hint}))
    return undefined
  }

  /** A mapping's entries by key; unknown keys are reported with the nearest valid key. */
  map(node: Node | null | undefined, field: string, allowed: readonly string[]): Map<string, Node | null> | undefined {
    if (!isMap(node)) return this.fail(node, field, `expected a mapping, got ${describe(node)}`)
    const out = new Map<string, Node | null>()
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined
      const path = join(field, key ?? '?')
      if (key === undefined) {
        this.fail(keyNode, field, 'keys must be plain words')
      } else if (!allowed.includes(key)) {
        const near = suggestNearest(key, allowed)
        this.fail(keyNode, path, `unknown key "${key}"${near ? `; did you mean "${near}"?` : `; allowed keys: ${allowed.join(', ')}`}`)
      } else {
        out.set(key, pair.value as Node | null)
      }
    }
    return out
  }

  int(node: Node | null | undefined, field: string, range: {min?: number; max?: number} = {}): number | undefined {
    const v = isScalar(node) ? node.value : undefined
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(node, field, `expected a whole number, got ${describe(node)}`)
    if (range.min !== undefined && v < range.min) return this.fail(node, field, `${v} is below the minimum ${range.min}`)
    if (range.max !== undefined && v > range.max) return this.fail(node, field, `${v} is above the maximum ${range.max}`)
    return v
  }

  str(node: Node | null | undefined, field: string): string | undefined {
    const v = isScalar(node) ? node.value : undefined
    if (typeof v !== 'string') return this.fail(node, field, `expected a string, got ${describe(node)}`)
    return v
  }

  /** A string or number scalar as text (meta values, var values). */
  text(node: Node | null | undefined, field: string): string | undefined {
    const v = isScalar(node) ? node.value : undefined
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
    return this.fail(node, field, `expected a string, got ${describe(node)}`)
  }

  list(node: Node | null | undefined, field: string): Node[] | undefined {
    if (!isSeq(node)) return this.fail(node, field, `expected a list, got ${describe(node)}`)
    return node.items as Node[]
  }

  /** A mapping of free-form keys to text (meta, vars). */
  dict(node: Node | null | undefined, field: string): Record<string, string> {
    const out: Record<string, string> = {}
    if (!isMap(node)) {
      this.fail(node, field, `expected a mapping, got ${describe(node)}`)
      return out
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      const v = this.text(pair.value as Node | null, join(field, key))
      if (v !== undefined) out[key] = v
    }
    return out
  }
}

export function join(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`
  return field ? `${field}.${key}` : key
}

/** How a value reads in an error: `"three" (a string)`, `a list`, `nothing`. */
export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) {
    const v = node.value
    if (v === null) return 'nothing'
    if (typeof v === 'string') return `"${v}" (a string)`
    if (typeof v === 'number') return `${v} (a number)`
    if (typeof v === 'boolean') return `${v} (a boolean)`
  }
  return 'an unsupported value'
}

export function isNullish(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null)
}
