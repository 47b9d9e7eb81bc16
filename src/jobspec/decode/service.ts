import type {Service, ServiceCheck} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeIdentity} from './identity.js'
import {decodeOpaque} from './opaque.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// service and check blocks (group or task level). Defaults (name, address mode, provider)
// depend on the job, group and task, so canonicalize() fills them.

type Loose = Record<string, unknown>

function setIf(o: Loose, key: string, v: unknown): void {
  if (v !== undefined) o[key] = v
}

export function decodeServices(bodies: Body[], ctx: DecodeCtx): Service[] | null {
  if (!bodies.length) return null
  return bodies.map((body) => {
    const r = new BlockReader(body, ctx)
    const s: Loose = {Name: r.str('name') ?? '', Tags: r.strList('tags') ?? null, CanaryTags: r.strList('canary_tags') ?? null, PortLabel: r.str('port') ?? '', AddressMode: r.str('address_mode') ?? '', Provider: r.str('provider') ?? ''}
    setIf(s, 'EnableTagOverride', r.bool('enable_tag_override'))
    setIf(s, 'Address', r.str('address'))
    setIf(s, 'TaskName', r.str('task'))
    setIf(s, 'OnUpdate', r.str('on_update'))
    setIf(s, 'Kind', r.str('kind'))
    setIf(s, 'Cluster', r.str('cluster'))
    setIf(s, 'Meta', r.strMap('meta'))
    setIf(s, 'CanaryMeta', r.strMap('canary_meta'))
    setIf(s, 'TaggedAddresses', r.strMap('tagged_addresses'))
    const checkRestart = r.block('check_restart')
    const connect = r.block('connect')
    if (connect) s.Connect = decodeOpaque(connect)
    const identity = r.block('identity')
    if (identity) s.Identity = decodeIdentity(identity, ctx)
    const checks = r.blocks('check').map((c) => decodeCheck(c, ctx, checkRestart))
    s.Checks = checks.length ? checks : null
    if (checkRestart) s.CheckRestart = decodeOpaque(checkRestart)
    r.finish()
    return withLine(ctx, s as Service, body.line)
  })
}

function decodeCheck(body: Body, ctx: DecodeCtx, serviceRestart: Body | undefined): ServiceCheck {
  const r = new BlockReader(body, ctx)
  const c: Loose = {
    Name: r.str('name') ?? '',
    Type: r.str('type') ?? '',
    Command: r.str('command') ?? '',
    Args: r.strList('args') ?? null,
    Path: r.str('path') ?? '',
    Protocol: r.str('protocol') ?? '',
    PortLabel: r.str('port') ?? '',
    Interval: r.duration('interval') ?? 0,
    Timeout: r.duration('timeout') ?? 0,
    InitialStatus: r.str('initial_status') ?? '',
  }
  for (const [attr, key] of [['expose', 'Expose'], ['tls_skip_verify', 'TLSSkipVerify'], ['grpc_use_tls', 'GRPCUseTLS']] as const) setIf(c, key, r.bool(attr))
  for (const [attr, key] of [['address_mode', 'AddressMode'], ['method', 'Method'], ['body', 'Body'], ['grpc_service', 'GRPCService'], ['task', 'TaskName'], ['on_update', 'OnUpdate'], ['tls_server_name', 'TLSServerName']] as const) setIf(c, key, r.str(attr))
  for (const [attr, key] of [['success_before_passing', 'SuccessBeforePassing'], ['failures_before_critical', 'FailuresBeforeCritical'], ['failures_before_warning', 'FailuresBeforeWarning']] as const) setIf(c, key, r.int(attr))
  const header = r.block('header')
  if (header) {
    const h: Record<string, string[]> = {}
    for (const [k, v] of Object.entries(header.attrs)) {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) r.error(header.attrLines[k] ?? header.line, `Incorrect attribute value type; Inappropriate value for attribute "${k}": list of string required.`, k)
      else h[k] = v.map(String)
    }
    c.Header = h
  }
  const restart = r.block('check_restart') ?? serviceRestart
  if (restart) c.CheckRestart = decodeOpaque(restart)
  r.finish()
  return withLine(ctx, c as ServiceCheck, body.line)
}
