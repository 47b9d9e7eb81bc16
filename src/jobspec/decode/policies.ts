import type {Body} from '../body-tree.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// Small policy blocks. Each returns only the fields the file sets; canonicalize() merges them
// over the defaults of the job's type, as Nomad does.

type Loose = Record<string, unknown>

function compact(o: Loose): Loose {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}

function read(body: Body | undefined, ctx: DecodeCtx, fn: (r: BlockReader) => Loose): Loose | null {
  if (!body) return null
  const r = new BlockReader(body, ctx)
  const out = withLine(ctx, compact(fn(r)), body.line)
  r.finish()
  return out
}

export const decodeRestart = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({Attempts: r.int('attempts'), Interval: r.duration('interval'), Delay: r.duration('delay'), Mode: r.str('mode'), RenderTemplates: r.bool('render_templates')}))

export const decodeReschedule = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({Attempts: r.int('attempts'), Interval: r.duration('interval'), Delay: r.duration('delay'), DelayFunction: r.str('delay_function'), MaxDelay: r.duration('max_delay'), Unlimited: r.bool('unlimited')}))

export const decodeUpdate = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({
    Stagger: r.duration('stagger'),
    MaxParallel: r.int('max_parallel'),
    HealthCheck: r.str('health_check'),
    MinHealthyTime: r.duration('min_healthy_time'),
    HealthyDeadline: r.duration('healthy_deadline'),
    ProgressDeadline: r.duration('progress_deadline'),
    Canary: r.int('canary'),
    AutoRevert: r.bool('auto_revert'),
    AutoPromote: r.bool('auto_promote'),
  }))

export const decodeMigrate = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({MaxParallel: r.int('max_parallel'), HealthCheck: r.str('health_check'), MinHealthyTime: r.duration('min_healthy_time'), HealthyDeadline: r.duration('healthy_deadline')}))

export const decodePeriodic = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => {
    const cron = r.str('cron')
    const crons = r.strList('crons')
    if (cron !== undefined && crons !== undefined) r.error(r.lineOf('crons'), 'Conflicting periodic specs; use either cron or crons, not both.', 'crons')
    return {
      Enabled: r.bool('enabled'),
      Spec: cron ?? (crons ? '' : undefined),
      Specs: crons,
      SpecType: r.str('spec_type') ?? 'cron',
      ProhibitOverlap: r.bool('prohibit_overlap'),
      TimeZone: r.str('time_zone'),
    }
  })

export const decodeParameterized = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({Payload: r.str('payload'), MetaRequired: r.strList('meta_required'), MetaOptional: r.strList('meta_optional')}))

export const decodeEphemeralDisk = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({Sticky: r.bool('sticky'), Migrate: r.bool('migrate'), SizeMB: r.int('size')}))

export const decodeLogs = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({MaxFiles: r.int('max_files'), MaxFileSizeMB: r.int('max_file_size'), Disabled: r.bool('disabled') ?? (r.bool('enabled') === false ? true : undefined)}))

export const decodeLifecycle = (b: Body | undefined, ctx: DecodeCtx) =>
  read(b, ctx, (r) => ({Hook: r.str('hook') ?? '', Sidecar: r.bool('sidecar') ?? false}))
