import type {Body} from '../body-tree.js'
import type {TaskGroup} from '../../model/job.js'
import {decodeNetworks} from './network.js'
import {decodeOpaque} from './opaque.js'
import {decodeAffinities, decodeConstraints, decodeSpreads} from './placement.js'
import {decodeEphemeralDisk, decodeMigrate, decodeReschedule, decodeRestart, decodeUpdate} from './policies.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'
import {decodeGroupScaling} from './scaling.js'
import {decodeServices} from './service.js'
import {decodeTask} from './task.js'
import {decodeVolumes} from './task-parts.js'

// group "name" { … } into api.TaskGroup (before defaults).

export function decodeGroup(body: Body, ctx: DecodeCtx, inherited: {vault?: Body}): TaskGroup {
  const r = new BlockReader(body, ctx)
  const vault = r.block('vault') ?? inherited.vault
  const g: Record<string, unknown> = {
    Name: body.labels[0] ?? '',
    Count: r.int('count') ?? null,
    Constraints: decodeConstraints(r, ctx),
    Affinities: decodeAffinities(r, ctx),
    Spreads: decodeSpreads(r, ctx),
    Tasks: r.blocks('task').map((t) => decodeTask(t, ctx, {vault})),
    RestartPolicy: decodeRestart(r.block('restart'), ctx),
    ReschedulePolicy: decodeReschedule(r.block('reschedule'), ctx),
    EphemeralDisk: decodeEphemeralDisk(r.block('ephemeral_disk'), ctx),
    Update: decodeUpdate(r.block('update'), ctx),
    Migrate: decodeMigrate(r.block('migrate'), ctx),
    Networks: decodeNetworks(r.blocks('network'), ctx),
    Services: decodeServices(r.blocks('service'), ctx),
    Volumes: decodeVolumes(r.blocks('volume'), ctx),
    Meta: r.strMap('meta') ?? null,
    Scaling: decodeGroupScaling(r.blocks('scaling'), ctx),
  }
  const durations: Array<[string, string]> = [
    ['shutdown_delay', 'ShutdownDelay'],
    ['stop_after_client_disconnect', 'StopAfterClientDisconnect'],
    ['max_client_disconnect', 'MaxClientDisconnect'],
    ['max_run_duration', 'MaxRunDuration'],
  ]
  for (const [attr, key] of durations) {
    const d = r.duration(attr)
    if (d !== undefined) g[key] = d
  }
  const prevent = r.bool('prevent_reschedule_on_lost')
  if (prevent !== undefined) g.PreventRescheduleOnLost = prevent
  const consul = r.block('consul')
  if (consul) g.Consul = decodeOpaque(consul)
  const disconnect = r.block('disconnect')
  if (disconnect) g.Disconnect = decodeOpaque(disconnect)
  r.finish()
  return withLine(ctx, g as TaskGroup, body.line)
}
