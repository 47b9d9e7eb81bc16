import type {Resources, Template, TaskArtifact, VolumeMount, VolumeRequest} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeNetworks} from './network.js'
import {decodeOpaque} from './opaque.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// resources, template, artifact, volume and volume_mount blocks.

type Loose = Record<string, unknown>

function setIf(o: Loose, key: string, v: unknown): void {
  if (v !== undefined) o[key] = v
}

export function decodeResources(body: Body | undefined, ctx: DecodeCtx): Resources | null {
  if (!body) return null
  const r = new BlockReader(body, ctx)
  const res: Loose = {}
  setIf(res, 'CPU', r.int('cpu'))
  setIf(res, 'Cores', r.int('cores'))
  setIf(res, 'MemoryMB', r.int('memory'))
  setIf(res, 'MemoryMaxMB', r.int('memory_max'))
  setIf(res, 'DiskMB', r.int('disk'))
  setIf(res, 'IOPS', r.int('iops'))
  setIf(res, 'SecretsMB', r.int('secrets'))
  const nets = decodeNetworks(r.blocks('network'), ctx)
  if (nets) res.Networks = nets
  const devices = r.blocks('device').map((d) => ({Name: d.labels[0] ?? '', ...decodeOpaque(d)}))
  if (devices.length) res.Devices = devices
  const numa = r.block('numa')
  if (numa) res.NUMA = decodeOpaque(numa)
  r.finish()
  return withLine(ctx, res as unknown as Resources, body.line)
}

export function decodeTemplates(bodies: Body[], ctx: DecodeCtx): Template[] | null {
  if (!bodies.length) return null
  return bodies.map((body) => {
    const r = new BlockReader(body, ctx)
    const t: Loose = {}
    setIf(t, 'SourcePath', r.str('source'))
    setIf(t, 'DestPath', r.str('destination'))
    setIf(t, 'EmbeddedTmpl', r.str('data'))
    setIf(t, 'ChangeMode', r.str('change_mode'))
    setIf(t, 'ChangeSignal', r.str('change_signal'))
    setIf(t, 'Splay', r.duration('splay'))
    setIf(t, 'Perms', r.str('perms'))
    setIf(t, 'Uid', r.int('uid'))
    setIf(t, 'Gid', r.int('gid'))
    setIf(t, 'LeftDelim', r.str('left_delimiter'))
    setIf(t, 'RightDelim', r.str('right_delimiter'))
    setIf(t, 'Envvars', r.bool('env'))
    setIf(t, 'VaultGrace', r.duration('vault_grace'))
    setIf(t, 'ErrMissingKey', r.bool('error_on_missing_key'))
    setIf(t, 'Once', r.bool('once'))
    const script = r.block('change_script')
    if (script) t.ChangeScript = decodeOpaque(script)
    const wait = r.block('wait')
    if (wait) {
      const w = new BlockReader(wait, ctx)
      t.Wait = {Min: w.duration('min') ?? null, Max: w.duration('max') ?? null}
      w.finish()
    }
    r.finish()
    return withLine(ctx, t as Template, body.line)
  })
}

export function decodeArtifacts(bodies: Body[], ctx: DecodeCtx): TaskArtifact[] | null {
  if (!bodies.length) return null
  return bodies.map((body) => {
    const r = new BlockReader(body, ctx)
    const a: Loose = {GetterSource: r.str('source') ?? ''}
    setIf(a, 'RelativeDest', r.str('destination'))
    setIf(a, 'GetterMode', r.str('mode'))
    setIf(a, 'GetterOptions', r.strMap('options'))
    setIf(a, 'GetterHeaders', r.strMap('headers'))
    setIf(a, 'Chown', r.bool('chown'))
    setIf(a, 'GetterInsecure', r.bool('insecure'))
    r.finish()
    return withLine(ctx, a as unknown as TaskArtifact, body.line)
  })
}

export function decodeVolumes(bodies: Body[], ctx: DecodeCtx): Record<string, VolumeRequest> | null {
  if (!bodies.length) return null
  const out: Record<string, VolumeRequest> = {}
  for (const body of bodies) {
    const r = new BlockReader(body, ctx)
    const name = body.labels[0] ?? ''
    const v: Loose = {Name: name, Type: r.str('type') ?? '', Source: r.str('source') ?? '', ReadOnly: r.bool('read_only') ?? false}
    setIf(v, 'AccessMode', r.str('access_mode'))
    setIf(v, 'AttachmentMode', r.str('attachment_mode'))
    setIf(v, 'PerAlloc', r.bool('per_alloc'))
    setIf(v, 'Sticky', r.bool('sticky'))
    const mo = r.block('mount_options')
    if (mo) v.MountOptions = decodeOpaque(mo)
    r.finish()
    if (name in out) r.error(body.line, `Duplicate volume block; A volume named "${name}" is already defined in this group.`, 'volume')
    out[name] = withLine(ctx, v as VolumeRequest, body.line)
  }
  return out
}

export function decodeVolumeMounts(bodies: Body[], ctx: DecodeCtx): VolumeMount[] | null {
  if (!bodies.length) return null
  return bodies.map((body) => {
    const r = new BlockReader(body, ctx)
    const m: Loose = {Volume: r.str('volume') ?? '', Destination: r.str('destination') ?? '', ReadOnly: r.bool('read_only') ?? false}
    setIf(m, 'PropagationMode', r.str('propagation_mode'))
    setIf(m, 'SELinuxLabel', r.str('selinux_label'))
    r.finish()
    return withLine(ctx, m as VolumeMount, body.line)
  })
}
