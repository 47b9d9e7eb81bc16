// Traefik's tag conventions (Nomad/Consul providers) → one instance's raw configuration.
// Keys are case-insensitive; object names (routers, services, middlewares) keep their case.

export interface TagConfig {
  enable?: boolean
  routers: Record<string, RouterTags>
  services: Record<string, {port?: string; weight?: string; passHostHeader?: string}>
  middlewares: Record<string, Record<string, string>>
  warnings: string[]
}

export interface RouterTags {
  rule?: string
  ruleSyntax?: string
  priority?: string
  service?: string
  middlewares?: string
  entryPoints?: string
  tls?: string
}

const ROUTER_KEYS: Record<string, keyof RouterTags | null> = {
  rule: 'rule', rulesyntax: 'ruleSyntax', priority: 'priority', service: 'service', middlewares: 'middlewares',
  entrypoints: 'entryPoints', tls: 'tls', observability: null, // accepted, meaningless on a dev proxy
}
const SERVICE_KEYS: Record<string, 'port' | 'weight' | 'passHostHeader' | null> = {
  'loadbalancer.server.port': 'port', 'loadbalancer.server.weight': 'weight', 'loadbalancer.passhostheader': 'passHostHeader',
  'loadbalancer.server.scheme': null, 'loadbalancer.healthcheck': null, 'loadbalancer.sticky': null,
}

export function parseTags(tags: readonly string[], prefix = 'traefik'): TagConfig {
  const cfg: TagConfig = {routers: {}, services: {}, middlewares: {}, warnings: []}
  const lowerPrefix = `${prefix.toLowerCase()}.`
  for (const tag of tags) {
    const eq = tag.indexOf('=')
    const key = eq < 0 ? tag : tag.slice(0, eq)
    const value = eq < 0 ? '' : tag.slice(eq + 1)
    if (!key.toLowerCase().startsWith(lowerPrefix)) continue
    const parts = key.slice(lowerPrefix.length).split('.')
    const lower = parts.map((p) => p.toLowerCase())
    if (lower.length === 1 && lower[0] === 'enable') {
      cfg.enable = value.trim().toLowerCase() === 'true'
    } else if (lower[0] === 'http' && lower[1] === 'routers' && parts.length >= 4) {
      const field = ROUTER_KEYS[lower[3]]
      // tls.certresolver, tls.domains…: as in Traefik any TLS option makes the router a TLS one;
      // the cluster's local CA issues every certificate, so the options themselves are not used.
      if (lower[3] === 'tls' && parts.length > 4) (cfg.routers[parts[2]] ??= {}).tls ??= 'true'
      else if (field === undefined) cfg.warnings.push(`ignored tag "${tag}": unknown router option "${parts.slice(3).join('.')}"`)
      else if (field) (cfg.routers[parts[2]] ??= {})[field] = value
      else cfg.routers[parts[2]] ??= {}
    } else if (lower[0] === 'http' && lower[1] === 'services' && parts.length >= 4) {
      const option = lower.slice(3).join('.')
      const known = Object.keys(SERVICE_KEYS).find((k) => option === k || option.startsWith(`${k}.`))
      const service = (cfg.services[parts[2]] ??= {})
      if (known === undefined) cfg.warnings.push(`ignored tag "${tag}": unknown service option "${parts.slice(3).join('.')}"`)
      else if (SERVICE_KEYS[known]) service[SERVICE_KEYS[known]!] = value
    } else if (lower[0] === 'http' && lower[1] === 'middlewares' && parts.length >= 5) {
      // Keep the option path lower-case except a trailing header name, which keeps its spelling.
      const option = lower[3] === 'headers' && parts.length >= 6 ? `${lower.slice(3, 5).join('.')}.${parts.slice(5).join('.')}` : lower.slice(3).join('.')
      ;(cfg.middlewares[parts[2]] ??= {})[option] = value
    } else {
      cfg.warnings.push(`ignored tag "${tag}": not an HTTP router, service or middleware option`)
    }
  }
  return cfg
}
