import type {Node} from '../../model/index.js'

// Nomad's `${…}` interpolation in task config, env, services and checks: runtime environment
// variables (NOMAD_* and the task's env) and node variables. Anything unknown stays as written,
// as Nomad leaves it.

export interface InterpolationContext {
  env: Record<string, string>
  node?: Pick<Node, 'ID' | 'Name' | 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta'>
}

/** The value of one `${name}` reference, or undefined when unknown. */
export function lookupVariable(name: string, ctx: InterpolationContext): string | undefined {
  const n = name.trim()
  const envIndex = /^env\[\s*"([^"]*)"\s*\]$/.exec(n)
  if (envIndex) return ctx.env[envIndex[1]!]
  if (Object.hasOwn(ctx.env, n)) return ctx.env[n]
  const node = ctx.node
  if (!node) return undefined
  switch (n) {
    case 'node.unique.id':
      return node.ID
    case 'node.unique.name':
      return node.Name
    case 'node.datacenter':
      return node.Datacenter
    case 'node.class':
      return node.NodeClass
    case 'node.pool':
      return node.NodePool
  }
  if (n.startsWith('attr.')) return node.Attributes[n.slice(5)]
  if (n.startsWith('meta.')) return node.Meta[n.slice(5)]
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
