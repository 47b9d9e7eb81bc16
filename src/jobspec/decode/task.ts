import type {Task} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeConstraints, decodeAffinities} from './placement.js'
import {decodeLifecycle, decodeLogs, decodeRestart} from './policies.js'
import {decodeTaskIdentities} from './identity.js'
import {decodeConfig, decodeOpaque} from './opaque.js'
import {rememberConfigLines} from '../docker-config-keys.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'
import {decodeServices} from './service.js'
import {decodeArtifacts, decodeResources, decodeTemplates, decodeVolumeMounts} from './task-parts.js'
import {decodeTaskScaling} from './scaling.js'

// task "name" { … } into api.Task (before defaults).

const OPAQUE_SINGLE: Array<[string, string]> = [
  ['vault', 'Vault'],
  ['consul', 'Consul'],
  ['csi_plugin', 'CSIPluginConfig'],
  ['dispatch_payload', 'DispatchPayload'],
  ['schedule', 'Schedule'],
]

export function decodeTask(body: Body, ctx: DecodeCtx, inherited: {vault?: Body}): Task {
  const r = new BlockReader(body, ctx)
  const t: Record<string, unknown> = {
    Name: body.labels[0] ?? '',
    Driver: r.str('driver') ?? '',
    Config: null,
    Env: r.strMap('env') ?? null,
    Services: decodeServices(r.blocks('service'), ctx),
    Resources: decodeResources(r.block('resources'), ctx),
    Meta: r.strMap('meta') ?? null,
    KillTimeout: r.duration('kill_timeout') ?? null,
    LogConfig: decodeLogs(r.block('logs'), ctx),
    Artifacts: decodeArtifacts(r.blocks('artifact'), ctx),
    Templates: decodeTemplates(r.blocks('template'), ctx),
    Constraints: decodeConstraints(r, ctx),
    Affinities: decodeAffinities(r, ctx),
    Lifecycle: decodeLifecycle(r.block('lifecycle'), ctx),
    VolumeMounts: decodeVolumeMounts(r.blocks('volume_mount'), ctx),
    RestartPolicy: decodeRestart(r.block('restart'), ctx),
    Leader: r.bool('leader') ?? false,
    ShutdownDelay: r.duration('shutdown_delay') ?? 0,
  }
  const config = r.block('config')
  if (config) rememberConfigLines((t.Config = decodeConfig(config)), config)
  else if (r.has('config')) t.Config = r.any('config')
  const user = r.str('user')
  if (user !== undefined) t.User = user
  const signal = r.str('kill_signal')
  if (signal !== undefined) t.KillSignal = signal
  const kind = r.str('kind')
  if (kind !== undefined) t.Kind = kind
  for (const [type, key] of OPAQUE_SINGLE) {
    const b = r.block(type) ?? (type === 'vault' ? inherited.vault : undefined)
    if (b) t[key] = decodeOpaque(b)
  }
  Object.assign(t, decodeTaskIdentities(r.blocks('identity'), ctx))
  const actions = r.blocks('action').map((b) => ({Name: b.labels[0] ?? '', ...decodeOpaque(b)}))
  if (actions.length) t.Actions = actions
  const secrets = r.blocks('secret').map((b) => ({Name: b.labels[0] ?? '', ...decodeOpaque(b)}))
  if (secrets.length) t.Secrets = secrets
  const scaling = decodeTaskScaling(r.blocks('scaling'), ctx)
  if (scaling) t.ScalingPolicies = scaling
  r.finish()
  return withLine(ctx, t as Task, body.line)
}
