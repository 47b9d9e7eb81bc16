import {nodeVariable, type NodeVariables} from '../../model/node.js'

// Nomad's `${…}` interpolation in task config, env, services and checks: runtime environment
// variables (NOMAD_* and the task's env) and node variables. Anything unknown stays as written,
// as Nomad leaves it.

export interface InterpolationContext {
  env: Record<string, string>
  node?: NodeVariables
}

/** The value of one `${name}` reference, or undefined when unknown. */
export function lookupVariable(name: string, ctx: InterpolationContext): string | undefined {
  const n = name.trim()
  const envIndex = /^env\[\s*"([^"]*)"\s*\]$/.exec(n)
  if (envIndex) return ctx.env[envIndex[1]!]
  if (Object.hasOwn(ctx.env, n)) return ctx.env[n]
  const node = ctx.node
  if (!node) return undefined
  const v = nodeVariable(n, node)
  if (v !== undefined) return v
  if (n.startsWith('env.')) return ctx.env[n.slice(4)]
  return undefined
}

/** Replaces every known `${…}` in `s`. */
export function interpolateString(s: string, ctx: InterpolationContext): string {
  return s.replace(/\$\{([^{}]+)\}/g, (whole, name: string) => lookupVariable(name, ctx) ?? whole)
}

/** Interpolates every string inside `value` (arrays and object values; keys are kept). */
export function interpolateDeep<T>(value: T, ctx: InterpolationContext): T {
  if (typeof value === 'string') return interpolateString(value, ctx) as T
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, ctx)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = interpolateDeep(v, ctx)
    return out as T
  }
  return value
}
