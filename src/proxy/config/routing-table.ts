// The routing table: plain, JSON-able data built from the service catalog. The proxy compiles it;
// `zdev routes --json` shows it. Disabled objects stay in the table with their error.

export interface RoutingTable {
  /** Sorted by priority (highest first), then by name. */
  routers: RouterEntry[]
  services: Record<string, ServiceEntry>
  middlewares: Record<string, MiddlewareEntry>
  /** Tags that were ignored or conflicted, one sentence each. */
  warnings: string[]
}

export interface RouterEntry {
  name: string
  rule: string
  /** Set when the rule is in Traefik's v2 syntax (ruleSyntax=v2 tag or proxies.rule_syntax); v3 otherwise. */
  ruleSyntax?: 'v2'
  priority: number
  service: string
  middlewares: string[]
  /** Set by tls=true (or any tls.* tag): the router serves HTTPS on websecure only, as in Traefik. */
  tls?: true
  /** From the entrypoints tag; absent means every entry point of its kind (web, or websecure with tls). */
  entryPoints?: string[]
  /** Catalog service names whose tags defined this router. */
  sources: string[]
  /** Set when the router is disabled; the proxy never routes to it. */
  error?: string
}

export interface ServiceEntry {
  name: string
  passHostHeader: boolean
  servers: ServerEntry[]
}

export interface ServerEntry {
  /** Service registration id. */
  id: string
  serviceName: string
  url: string
  address: string
  port: number
  weight: number
  healthy: boolean
  canary: boolean
  allocId: string
  nodeId: string
}

export type MiddlewareEntry =
  | {name: string; type: 'stripprefix'; prefixes: string[]}
  | {name: string; type: 'addprefix'; prefix: string}
  | {name: string; type: 'headers'; requestHeaders: Record<string, string>; responseHeaders: Record<string, string>}
  | {name: string; type: 'redirectscheme'; scheme: string; permanent: boolean; port?: string}
  | {name: string; type: 'invalid'; error: string}

export function emptyRoutingTable(): RoutingTable {
  return {routers: [], services: {}, middlewares: {}, warnings: []}
}
