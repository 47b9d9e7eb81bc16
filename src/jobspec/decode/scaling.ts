import type {ScalingPolicy} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeConfig} from './opaque.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// scaling blocks: one unlabelled block per group (horizontal), and `scaling "cpu"` /
// `scaling "mem"` per task (vertical).

function decodePolicy(r: BlockReader, body: Body, type: string, needMax: boolean): ScalingPolicy {
  const max = r.int('max')
  if (needMax && max === undefined) r.error(body.line, 'Missing required argument; The argument "max" is required, but no definition was found.', 'max')
  const policy = r.block('policy')
  return withLine(r.ctx, {Min: r.int('min') ?? null, Max: max ?? null, Policy: policy ? decodeConfig(policy) : null, Enabled: r.bool('enabled') ?? true, Type: type}, body.line)
}

export function decodeGroupScaling(bodies: Body[], ctx: DecodeCtx): ScalingPolicy | null {
  const body = bodies[0]
  if (!body) return null
  const r = new BlockReader(body, ctx)
  if (bodies.length > 1) r.error(bodies[1]!.line, `Duplicate scaling block; Only one "scaling" block is allowed. Another was defined at ${ctx.file}:${body.line}.`, 'scaling')
  if (body.labels.length) r.error(body.line, `Extraneous label for scaling; No labels are expected for scaling blocks in a group, got "${body.labels[0]}".`, 'scaling')
  const type = r.str('type') ?? 'horizontal'
  if (type !== 'horizontal') r.error(r.lineOf('type'), `task group scaling policy had invalid type: ${JSON.stringify(type)}; use "horizontal" or leave type out.`, 'type')
  const p = decodePolicy(r, body, type, true)
  r.finish()
  return p
}

const TASK_TYPES: Record<string, string> = {cpu: 'vertical_cpu', mem: 'vertical_mem'}

export function decodeTaskScaling(bodies: Body[], ctx: DecodeCtx): ScalingPolicy[] | null {
  if (!bodies.length) return null
  const seen = new Map<string, number>()
  const out: ScalingPolicy[] = []
  for (const body of bodies) {
    const r = new BlockReader(body, ctx)
    const name = body.labels[0]
    if (body.labels.length !== 1 || !(name! in TASK_TYPES)) {
      r.error(body.line, `Invalid scaling block; scaling policy name must be "cpu" or "mem", got ${body.labels.length ? body.labels.map((l) => JSON.stringify(l)).join(' ') : 'no name'}.`, 'scaling')
      continue
    }
    if (seen.has(name!)) r.error(body.line, `Duplicate scaling "${name}" block; Only one scaling "${name}" block is allowed in a task. Another was defined at ${ctx.file}:${seen.get(name!)}.`, 'scaling')
    seen.set(name!, body.line)
    const type = r.str('type') ?? TASK_TYPES[name!]!
    if (type !== TASK_TYPES[name!]) r.error(r.lineOf('type'), `Invalid scaling policy type; The type of scaling "${name}" must be "${TASK_TYPES[name!]}", got ${JSON.stringify(type)}.`, 'type')
    out.push(decodePolicy(r, body, type, true))
    r.finish()
  }
  return out.length ? out : null
}
