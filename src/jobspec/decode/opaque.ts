import {parseDuration} from '../duration.js'
import type {Body} from '../body-tree.js'

// Blocks zdev does not act on (connect, vault, consul, csi_plugin, multiregion, ui …) are
// carried through in Nomad's API naming so `render` and `promote` keep them: keys in
// PascalCase, repeatable blocks as lists (Connect `upstreams` → Upstreams, `path` → Paths …),
// free-form maps (`config`, `meta`, `env`) with their keys exactly as written, durations in ns.

const ACRONYMS: Record<string, string> = {id: 'ID', tls: 'TLS', cpu: 'CPU', mb: 'MB', ttl: 'TTL', dns: 'DNS', sni: 'SNI', cidr: 'CIDR', cidrs: 'CIDRs', ip: 'IP', uid: 'UID', uids: 'UIDs', url: 'URL', fs: 'FS', http: 'HTTP', grpc: 'GRPC', acl: 'ACL', csi: 'CSI', gid: 'GID', sds: 'SDS', ca: 'CA'}

/** api struct fields whose name is not the PascalCase of the HCL name. */
const RENAMES: Record<string, string> = {aud: 'Audience', memory: 'MemoryMB', memory_max: 'MemoryMaxMB', disk: 'DiskMB', logs: 'LogConfig', max_file_size: 'MaxFileSizeMB'}
/** Blocks that are lists in the API even when written once. */
const LIST_BLOCKS: Record<string, string> = {upstreams: 'Upstreams', path: 'Paths', listener: 'Listeners', service: 'Services', region: 'Regions', link: 'Links'}
/** Blocks that are maps of free-form keys. */
const MAP_BLOCKS = new Set(['config', 'meta', 'env', 'extra_claims', 'request_headers', 'response_headers'])
/** Labelled blocks that are maps keyed by their label. */
const LABEL_MAPS = new Set(['envoy_gateway_bind_addresses'])
const DURATIONS = new Set(['connect_timeout', 'kill_timeout', 'shutdown_delay', 'grace', 'ttl'])

export function toPascal(snake: string): string {
  if (snake in RENAMES) return RENAMES[snake]!
  return snake
    .split('_')
    .map((w) => ACRONYMS[w] ?? (w ? w[0]!.toUpperCase() + w.slice(1) : ''))
    .join('')
}

export function decodeOpaque(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body.attrs)) out[toPascal(k)] = DURATIONS.has(k) && typeof v === 'string' ? (parseDuration(v) ?? v) : v
  const byType = new Map<string, Body[]>()
  for (const b of body.blocks) byType.set(b.type, [...(byType.get(b.type) ?? []), b])
  for (const [type, list] of byType) {
    if (MAP_BLOCKS.has(type)) {
      out[toPascal(type)] = Object.assign({}, ...list.map((b) => (type === 'config' ? decodeConfig(b) : b.attrs)))
    } else if (LABEL_MAPS.has(type)) {
      out[toPascal(type)] = Object.fromEntries(list.map((b) => [b.labels[0] ?? '', decodeOpaque(b)]))
    } else {
      const items = list.map((b) => (b.labels.length ? {Name: b.labels[0], ...decodeOpaque(b)} : decodeOpaque(b)))
      if (type in LIST_BLOCKS) out[LIST_BLOCKS[type]!] = items
      else out[toPascal(type)] = items.length === 1 && !list[0]!.labels.length ? items[0] : items
    }
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
