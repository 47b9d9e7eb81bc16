// How JavaScript values stand for Go values in templates:
//   undefined → an invalid value (a missing map key: prints "<no value>"); null → nil;
//   boolean, number, string → bool, int/float64, string; arrays → slices;
//   plain objects and Maps → map[string]…; an object tagged with STRUCT → a struct (a missing
//   field is an error); METHODS → methods callable as fields (String() is used for printing).

export const STRUCT = Symbol.for('zdev.template.struct')
export const METHODS = Symbol.for('zdev.template.methods')

export type Methods = Record<string, (...args: unknown[]) => unknown>

/** Tags a plain object as a Go struct named `typeName`, optionally with methods. */
export function goStruct<T extends object>(typeName: string, fields: T, methods?: Methods): T {
  Object.defineProperty(fields, STRUCT, {value: typeName, enumerable: false})
  if (methods) Object.defineProperty(fields, METHODS, {value: methods, enumerable: false})
  return fields
}

/** Gives a map (plain object) methods, as Go's named map types have. */
export function withMethods<T extends object>(value: T, methods: Methods): T {
  Object.defineProperty(value, METHODS, {value: methods, enumerable: false})
  return value
}

export function methodsOf(v: unknown): Methods | undefined {
  return v !== null && typeof v === 'object' ? (v as {[METHODS]?: Methods})[METHODS] : undefined
}

export function structName(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as {[STRUCT]?: string})[STRUCT] : undefined
}

export function isMap(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  if (v instanceof Map) return true
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !structName(v) && !(v instanceof Uint8Array)
}

export function mapEntries(v: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  const entries: [unknown, unknown][] = v instanceof Map ? [...v.entries()] : Object.entries(v)
  return entries.sort(([a], [b]) => compareKeys(a, b))
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The Go type name used in error messages. */
export function typeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64'
  if (typeof v === 'function') return 'func'
  if (Array.isArray(v)) return '[]interface {}'
  const s = structName(v)
  if (s) return s
  return 'map[string]interface {}'
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false; structs are true. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v.length > 0
  if (Array.isArray(v)) return v.length > 0
  if (v instanceof Map) return v.size > 0
  if (typeof v === 'function') return true
  if (structName(v)) return true
  return Object.keys(v as object).length > 0
}

/** fmt's %v. */
export function formatValue(v: unknown, top = true): string {
  if (v === undefined) return top ? '<no value>' : '<nil>'
  if (v === null) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'number') return formatNumber(v)
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'function') return '0x1'
  const m = methodsOf(v)
  if (m?.String) return String(m.String())
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, false)).join(' ')}]`
  if (v instanceof Uint8Array) return `[${[...v].join(' ')}]`
  if (structName(v)) return `{${Object.values(v as object).map((x) => formatValue(x, false)).join(' ')}}`
  return `map[${mapEntries(v as Record<string, unknown>).map(([k, x]) => `${formatValue(k, false)}:${formatValue(x, false)}`).join(' ')}]`
}

/** Whole numbers print as Go ints; others as Go's %v of a float64 (shortest digits, %e below 1e-4 or from 1e6). */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf'
  const exp = Math.floor(Math.log10(Math.abs(n)))
  if (exp < -4 || exp >= 6) return goExponent(n.toExponential()) // strconv's %g, shortest
  return String(n)
}

/** JS "1.5e+21" / "1e-7" → Go "1.5e+21" / "1e-07" (at least two exponent digits). */
export function goExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}
