// Field-wise merge used by canonicalize: later objects win, but only where they set a value
// (null and undefined mean "not set", as nil pointers do in Nomad's API structs).

export function mergeSet<T extends object>(base: T, ...overrides: Array<object | null | undefined>): T {
  const out: Record<string, unknown> = {...(base as Record<string, unknown>)}
  for (const o of overrides) {
    if (!o) continue
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v
  }
  return out as T
}

export function orNull<T>(v: T | undefined | null): T | null {
  return v === undefined ? null : v
}

export function nonEmpty<T>(list: T[] | null | undefined): T[] | null {
  return list && list.length ? list : null
}
