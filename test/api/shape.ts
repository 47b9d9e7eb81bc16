import {expect} from 'vitest'

// Field types as Nomad's API documentation shows them in its sample responses.
export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null'

function kindOf(v: unknown): Kind {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v as Kind
}

/** Every named field is present with one of the allowed kinds ("object|null"). */
export function expectShape(obj: unknown, shape: Record<string, string>, where = 'response'): void {
  expect(kindOf(obj), `${where} is an object`).toBe('object')
  for (const [field, kinds] of Object.entries(shape)) {
    const o = obj as Record<string, unknown>
    expect(Object.hasOwn(o, field), `${where}.${field} is present`).toBe(true)
    expect(kinds.split('|'), `${where}.${field} (${JSON.stringify(o[field])?.slice(0, 80)}) has kind ${kinds}`).toContain(kindOf(o[field]))
  }
}

export function expectIndexHeaders(h: Headers): number {
  const index = h.get('x-nomad-index')
  expect(index, 'X-Nomad-Index').toMatch(/^[1-9]\d*$/)
  expect(h.get('x-nomad-knownleader'), 'X-Nomad-KnownLeader').toMatch(/^(true|false)$/)
  expect(h.get('x-nomad-lastcontact'), 'X-Nomad-LastContact').toMatch(/^\d+$/)
  return Number(index)
}
