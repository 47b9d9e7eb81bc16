import type {NetworkResource, Port} from '../../model/job.js'
import type {Body} from '../body-tree.js'
import {decodeOpaque} from './opaque.js'
import {BlockReader, type DecodeCtx, withLine} from './reader.js'

// network { mode, port "label" { static, to, host_network } }: a port with `static` is
// reserved, any other is dynamic (Value 0 until the scheduler picks one).

export function decodeNetworks(bodies: Body[], ctx: DecodeCtx): NetworkResource[] | null {
  if (!bodies.length) return null
  return bodies.map((body) => {
    const r = new BlockReader(body, ctx)
    const net: NetworkResource = {Mode: r.str('mode') ?? '', ReservedPorts: null, DynamicPorts: null}
    const mbits = r.int('mbits')
    if (mbits !== undefined) net.MBits = mbits
    const hostname = r.str('hostname')
    if (hostname !== undefined) net.Hostname = hostname
    for (const [attr, key] of [['device', 'Device'], ['cidr', 'CIDR'], ['ip', 'IP']] as const) {
      const v = r.str(attr)
      if (v !== undefined) net[key] = v
    }
    const dns = r.block('dns')
    if (dns) net.DNS = {Servers: dns.attrs.servers ?? null, Searches: dns.attrs.searches ?? null, Options: dns.attrs.options ?? null}
    const cni = r.block('cni')
    if (cni) (net as unknown as Record<string, unknown>).CNI = decodeOpaque(cni)
    for (const p of r.blocks('port')) {
      const pr = new BlockReader(p, ctx)
      const label = p.labels[0] ?? ''
      const stat = pr.int('static')
      const port: Port = {Label: label, Value: stat ?? 0, To: pr.int('to') ?? 0, HostNetwork: pr.str('host_network') ?? ''}
      const ignore = pr.bool('ignore_collision')
      if (ignore !== undefined) (port as Port & {IgnoreCollision?: boolean}).IgnoreCollision = ignore
      pr.finish()
      withLine(ctx, port, p.line)
      if (stat !== undefined) (net.ReservedPorts ??= []).push(port)
      else (net.DynamicPorts ??= []).push(port)
    }
    r.finish()
    return withLine(ctx, net, body.line)
  })
}
