import type {Affinity, Constraint, Spread} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// constraint / affinity / spread, with Nomad's sugar: `distinct_hosts = true`,
// `distinct_property = "…"`, `regexp`, `version`, `semver`, `set_contains*` as attributes.

const CONSTRAINT_SUGAR = ['regexp', 'version', 'semver', 'set_contains', 'set_contains_any', 'set_contains_all']

export function decodeConstraints(r: BlockReader, ctx: DecodeCtx): Constraint[] | null {
  const out = r.blocks('constraint').map((b) => decodeConstraint(b, ctx))
  return out.length ? out : null
}

function decodeConstraint(body: Body, ctx: DecodeCtx): Constraint {
  const r = new BlockReader(body, ctx)
  const c: Constraint = {LTarget: r.str('attribute') ?? '', RTarget: r.str('value') ?? '', Operand: r.str('operator') ?? ''}
  for (const op of CONSTRAINT_SUGAR) {
    const v = r.str(op)
    if (v !== undefined) {
      c.Operand = op
      c.RTarget = v
    }
  }
  // jobspec2 writes the compact form as the operator/value one: {Operand distinct_hosts, RTarget "true"|"false"}
  const distinct = r.bool('distinct_hosts')
  if (distinct !== undefined) {
    c.Operand = 'distinct_hosts'
    c.RTarget = String(distinct)
  }
  const prop = r.str('distinct_property')
  if (prop !== undefined) {
    c.Operand = 'distinct_property'
    c.LTarget = prop
  }
  r.finish()
  return withLine(ctx, c, body.line)
}

export function decodeAffinities(r: BlockReader, ctx: DecodeCtx): Affinity[] | null {
  const out = r.blocks('affinity').map((body) => {
    const a = new BlockReader(body, ctx)
    const aff: Affinity = {LTarget: a.str('attribute') ?? '', RTarget: a.str('value') ?? '', Operand: a.str('operator') ?? '', Weight: a.int('weight') ?? (null as unknown as number)}
    for (const op of ['regexp', 'version', 'semver', 'set_contains_any', 'set_contains_all']) {
      const v = a.str(op)
      if (v !== undefined) {
        aff.Operand = op
        aff.RTarget = v
      }
    }
    a.finish()
    return withLine(ctx, aff, body.line)
  })
  return out.length ? out : null
}

export function decodeSpreads(r: BlockReader, ctx: DecodeCtx): Spread[] | null {
  const out = r.blocks('spread').map((body) => {
    const s = new BlockReader(body, ctx)
    const targets = s.blocks('target').map((t) => {
      const tr = new BlockReader(t, ctx)
      const target = {Value: t.labels[0] ?? tr.str('value') ?? '', Percent: tr.int('percent') ?? 0}
      tr.finish()
      return target
    })
    const spread: Spread = {Attribute: s.str('attribute') ?? '', Weight: s.int('weight') ?? (null as unknown as number), SpreadTarget: targets.length ? targets : null}
    s.finish()
    return withLine(ctx, spread, body.line)
  })
  return out.length ? out : null
}
