import type {Body} from '../body-tree.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// identity blocks → api.WorkloadIdentity (`aud` is Audience, `ttl` a duration in ns). As
// jobspec2 does, a task's unnamed (default) identity goes to Identity and named ones to
// Identities.

export type WorkloadIdentity = Record<string, unknown>

export function decodeIdentity(body: Body, ctx: DecodeCtx): WorkloadIdentity {
  const r = new BlockReader(body, ctx)
  const id: WorkloadIdentity = {
    Name: r.str('name') ?? '',
    Audience: r.strList('aud') ?? null,
    ChangeMode: r.str('change_mode') ?? '',
    ChangeSignal: r.str('change_signal') ?? '',
    Env: r.bool('env') ?? false,
    File: r.bool('file') ?? false,
    Filepath: r.str('filepath') ?? '',
    ServiceName: r.str('service_name') ?? '',
    TTL: r.duration('ttl') ?? 0,
  }
  const claims = r.strMap('extra_claims')
  if (claims) id.ExtraClaims = claims
  r.finish()
  return withLine(ctx, id, body.line)
}

export function decodeTaskIdentities(bodies: Body[], ctx: DecodeCtx): {Identity?: WorkloadIdentity; Identities?: WorkloadIdentity[]} {
  const all = bodies.map((b) => decodeIdentity(b, ctx))
  const isDefault = (i: WorkloadIdentity) => i.Name === '' || i.Name === 'default'
  const out: {Identity?: WorkloadIdentity; Identities?: WorkloadIdentity[]} = {}
  const first = all.find(isDefault)
  if (first) out.Identity = first
  const named = all.filter((i) => i !== first)
  if (named.length) out.Identities = named
  return out
}
