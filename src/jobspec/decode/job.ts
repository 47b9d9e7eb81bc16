import type {Job, TaskGroup} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeGroup} from './group.js'
import {decodeOpaque} from './opaque.js'
import {decodeAffinities, decodeConstraints, decodeSpreads} from './placement.js'
import {decodeMigrate, decodeParameterized, decodePeriodic, decodeReschedule, decodeUpdate} from './policies.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'
import {decodeTask} from './task.js'

// The root of a job file: exactly one job block, besides variable/variables/locals.

export function decodeRoot(root: Body, ctx: DecodeCtx): Job | undefined {
  const r = new BlockReader(root, ctx)
  r.blocks('variable')
  r.blocks('variables')
  r.blocks('locals')
  const jobs = r.blocks('job')
  r.finish()
  if (jobs.length === 0) {
    r.error(1, 'Missing job block; A job file must contain one job "<name>" { … } block.', 'job')
    return undefined
  }
  if (jobs.length > 1) r.error(jobs[1]!.line, `Duplicate job block; Only one job is allowed per file. Another was defined at ${ctx.file}:${jobs[0]!.line}.`, 'job')
  return decodeJob(jobs[0]!, ctx)
}

function decodeJob(body: Body, ctx: DecodeCtx): Job {
  const r = new BlockReader(body, ctx)
  const id = r.str('id') ?? body.labels[0] ?? ''
  const vault = r.block('vault')
  const groups: TaskGroup[] = r.blocks('group').map((g) => decodeGroup(g, ctx, {vault}))
  for (const t of r.blocks('task')) {
    // A task directly in a job gets a group of its own, named after the task.
    const task = decodeTask(t, ctx, {vault})
    groups.push(withLine(ctx, {Name: task.Name, Count: 1, Tasks: [task]} as unknown as TaskGroup, t.line))
  }
  const job: Record<string, unknown> = {
    ID: id,
    Name: r.str('name') ?? id,
    Namespace: r.str('namespace') ?? null,
    Region: r.str('region') ?? null,
    Type: r.str('type') ?? null,
    Priority: r.int('priority') ?? null,
    AllAtOnce: r.bool('all_at_once') ?? false,
    Datacenters: r.strList('datacenters') ?? null,
    NodePool: r.str('node_pool') ?? null,
    Constraints: decodeConstraints(r, ctx),
    Affinities: decodeAffinities(r, ctx),
    Spreads: decodeSpreads(r, ctx),
    TaskGroups: groups,
    Update: decodeUpdate(r.block('update'), ctx),
    Periodic: decodePeriodic(r.block('periodic'), ctx),
    ParameterizedJob: decodeParameterized(r.block('parameterized'), ctx),
    Meta: r.strMap('meta') ?? null,
    Stop: false,
  }
  const reschedule = decodeReschedule(r.block('reschedule'), ctx)
  if (reschedule) job.Reschedule = reschedule
  const migrate = decodeMigrate(r.block('migrate'), ctx)
  if (migrate) job.Migrate = migrate
  for (const [type, key] of [['multiregion', 'Multiregion'], ['ui', 'UI'], ['consul', 'Consul']] as const) {
    const b = r.block(type)
    if (b) job[key] = decodeOpaque(b)
  }
  r.finish()
  return withLine(ctx, job as Job, body.line)
}
