// A small JSON Schema (draft-07) checker for the subset schema/zdev.schema.json uses, so the test
// can compare the schema with the loader without a new dependency. Returns the failed paths.
type Schema = Record<string, any>

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function typeMatches(want: string, got: string): boolean {
  return want === got || (want === 'number' && got === 'integer')
}

export function validateSchema(root: Schema, value: unknown, schema: Schema = root, at = '$'): string[] {
  if (schema.$ref) return validateSchema(root, value, root.definitions[schema.$ref.replace('#/definitions/', '')], at)
  const errs: string[] = []
  const t = typeOf(value)
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type]
    if (!types.some((w) => typeMatches(w, t))) return [`${at}: type ${t}`]
  }
  if (schema.enum && !schema.enum.some((e: unknown) => e === value)) errs.push(`${at}: enum`)
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) errs.push(`${at}: pattern`)
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: minimum`)
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${at}: maximum`)
  }
  if (Array.isArray(value)) {
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) errs.push(`${at}: uniqueItems`)
    if (schema.items) value.forEach((v, i) => errs.push(...validateSchema(root, v, schema.items, `${at}[${i}]`)))
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>
    for (const r of schema.required ?? []) if (!(r in obj)) errs.push(`${at}.${r}: required`)
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k]
      if (sub) errs.push(...validateSchema(root, v, sub, `${at}.${k}`))
      else if (schema.additionalProperties === false) errs.push(`${at}.${k}: additional`)
      else if (typeof schema.additionalProperties === 'object') errs.push(...validateSchema(root, v, schema.additionalProperties, `${at}.${k}`))
    }
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s: Schema) => validateSchema(root, value, s, at).length === 0).length
    if (passing !== 1) errs.push(`${at}: oneOf (${passing} match)`)
  }
  return errs
}
