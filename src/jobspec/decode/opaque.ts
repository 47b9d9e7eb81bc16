import type {Body} from '../body-tree.js'

// Blocks zdev does not act on (connect, vault, consul, identity, csi_plugin, multiregion, ui
// …) are carried through in Nomad's API naming so `render` and `promote` keep them.

const ACRONYMS: Record<string, string> = {id: 'ID', tls: 'TLS', cpu: 'CPU', mb: 'MB', ttl: 'TTL', dns: 'DNS', sni: 'SNI', cidr: 'CIDR', cidrs: 'CIDRs', ip: 'IP', uid: 'UID', uids: 'UIDs', url: 'URL', fs: 'FS', http: 'HTTP', grpc: 'GRPC', acl: 'ACL', csi: 'CSI', gid: 'GID', sds: 'SDS'}

export function toPascal(snake: string): string {
  return snake
    .split('_')
    .map((w) => ACRONYMS[w] ?? (w ? w[0]!.toUpperCase() + w.slice(1) : ''))
    .join('')
}

export function decodeOpaque(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body.attrs)) out[toPascal(k)] = v
  const byType = new Map<string, Body[]>()
  for (const b of body.blocks) byType.set(b.type, [...(byType.get(b.type) ?? []), b])
  for (const [type, list] of byType) {
    const items = list.map((b) => (b.labels.length ? {Name: b.labels[0], ...decodeOpaque(b)} : decodeOpaque(b)))
    out[toPascal(type)] = items.length === 1 && !list[0]!.labels.length ? items[0] : items
  }
  return out
}

/** Driver config keeps the names as written; nested blocks become lists of maps, as in Nomad. */
export function decodeConfig(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {...body.attrs}
  for (const b of body.blocks) {
    // Labels nest as HCL1 did: `a "x" "y" {…}` → a = [{x = [{y = [{…}]}]}]
    const value = b.labels.reduceRight<Record<string, unknown>>((inner, label) => ({[label]: [inner]}), decodeConfig(b))
    out[b.type] = [...((out[b.type] as unknown[] | undefined) ?? []), value]
  }
  return out
}
