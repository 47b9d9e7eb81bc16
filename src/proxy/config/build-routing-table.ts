import type {ServiceRegistration} from '../../model/service.js'
import {isRuleSyntax, type RuleSyntax} from '../rules/matcher-table.js'
import {cachedRule} from '../rules/rule-cache.js'
import {rulePriority} from '../rules/rule-priority.js'
import {buildMiddleware} from './build-middleware.js'
import {DEFAULT_RULE_TEMPLATE, normalizeName, renderDefaultRule} from './default-rule.js'
import {parseTags} from './parse-tags.js'
import type {MiddlewareEntry, RouterEntry, RoutingTable, ServerEntry, ServiceEntry} from './routing-table.js'

export interface RoutingOptions {
  /** Route services that carry no `traefik.enable` tag (default true: dev services get a default route). */
  exposedByDefault?: boolean
  /** Template for routers without a rule; default Host(`{{ normalize .Name }}.localhost`). */
  defaultRule?: string
  /** Tag prefix; default "traefik". */
  prefix?: string
  /** Rule syntax of routers without a ruleSyntax tag (Traefik's core.defaultRuleSyntax); default v3. */
  ruleSyntax?: RuleSyntax
}

/** The entry points every zdev proxy has (Traefik's usual names); websecure needs proxies.websecure_ports. */
export const ENTRY_POINTS = ['web', 'websecure'] as const

interface RouterDraft {
  rule: string
  ruleSyntax?: string
  tls?: string
  entryPoints?: string
  priority?: string
  service?: string
  middlewares: string[]
  error?: string
}

/** Catalog instances → routers, services and middlewares, following Traefik's tag conventions. Pure. */
export function buildRoutingTable(instances: readonly ServiceRegistration[], opts: RoutingOptions = {}): RoutingTable {
  const template = opts.defaultRule ?? DEFAULT_RULE_TEMPLATE
  const warnings: string[] = []
  const routerVariants = new Map<string, Map<string, {draft: RouterDraft; sources: Set<string>; votes: number}>>()
  const services = new Map<string, ServiceEntry>()
  const middlewareVariants = new Map<string, Map<string, MiddlewareEntry>>()
  const sorted = [...instances].sort((a, b) => a.ServiceName.localeCompare(b.ServiceName) || a.ID.localeCompare(b.ID))

  for (const inst of sorted) {
    const tags = parseTags(inst.Tags, opts.prefix)
    if (!(tags.enable ?? opts.exposedByDefault ?? true)) continue
    for (const w of tags.warnings) warnings.push(`${inst.ServiceName}: ${w}`)
    const defaultName = normalizeName(inst.ServiceName) || 'service'
    const serviceDefs = Object.keys(tags.services).length > 0 ? tags.services : {[defaultName]: {}}
    const routerDefs = Object.keys(tags.routers).length > 0 ? tags.routers : {[defaultName]: {}}
    const serviceNames = Object.keys(serviceDefs)

    for (const [name, def] of Object.entries(serviceDefs)) {
      const port = def.port === undefined ? inst.Port : Number(def.port)
      const weight = def.weight === undefined ? 1 : Number(def.weight)
      const entry = services.get(name) ?? {name, passHostHeader: def.passHostHeader?.toLowerCase() !== 'false', servers: []}
      services.set(name, entry)
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        warnings.push(`${inst.ServiceName}: instance ${inst.ID} left out of service "${name}": loadbalancer.server.port ${JSON.stringify(def.port)} is not a port number`)
        continue
      }
      if (!Number.isInteger(weight) || weight < 0) {
        warnings.push(`${inst.ServiceName}: instance ${inst.ID} left out of service "${name}": loadbalancer.server.weight ${JSON.stringify(def.weight)} is not a whole number ≥ 0`)
        continue
      }
      entry.servers.push(toServer(inst, port, weight))
    }

    for (const [name, raw] of Object.entries(tags.middlewares)) {
      const mw = buildMiddleware(name, raw)
      const variants = middlewareVariants.get(name) ?? new Map()
      variants.set(JSON.stringify(mw), mw)
      middlewareVariants.set(name, variants)
    }

    for (const [name, def] of Object.entries(routerDefs)) {
      const draft: RouterDraft = {
        rule: def.rule ?? renderDefaultRule(template, inst.ServiceName),
        ruleSyntax: def.ruleSyntax,
        tls: def.tls,
        entryPoints: def.entryPoints,
        priority: def.priority,
        service: def.service ?? (serviceNames.length === 1 ? serviceNames[0] : undefined),
        middlewares: (def.middlewares ?? '').split(',').map((m) => m.trim().replace(/@.*$/, '')).filter(Boolean),
      }
      if (draft.service === undefined) draft.error = `could not choose a service for router "${name}": the tags define ${serviceNames.length} services (${serviceNames.join(', ')}); set traefik.http.routers.${name}.service`
      const variants = routerVariants.get(name) ?? new Map()
      const key = JSON.stringify(draft)
      const v = variants.get(key) ?? {draft, sources: new Set<string>(), votes: 0}
      v.sources.add(inst.ServiceName)
      v.votes += inst.Healthy ? 1000 : 1
      variants.set(key, v)
      routerVariants.set(name, variants)
    }
  }

  const middlewares: Record<string, MiddlewareEntry> = {}
  for (const [name, variants] of middlewareVariants) {
    middlewares[name] = variants.size === 1
      ? [...variants.values()][0]
      : {name, type: 'invalid', error: `instances define middleware "${name}" in ${variants.size} different ways; make their tags agree`}
  }

  const routers: RouterEntry[] = []
  for (const [name, variants] of routerVariants) {
    // Instances of different versions may disagree (e.g. during a rolling update): the definition
    // backed by the most healthy instances wins, so traffic keeps flowing, and we say so.
    const ranked = [...variants.values()].sort((a, b) => b.votes - a.votes || JSON.stringify(a.draft).localeCompare(JSON.stringify(b.draft)))
    if (ranked.length > 1) warnings.push(`router "${name}" is defined differently by ${ranked.length} groups of instances; using the one with rule ${ranked[0].draft.rule}`)
    routers.push(finishRouter(name, ranked[0].draft, [...ranked[0].sources].sort(), services, middlewares, opts.ruleSyntax ?? 'v3'))
  }
  routers.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name))

  const serviceRecord: Record<string, ServiceEntry> = {}
  for (const name of [...services.keys()].sort()) serviceRecord[name] = services.get(name)!
  return {routers, services: serviceRecord, middlewares, warnings}
}

function finishRouter(name: string, draft: RouterDraft, sources: string[], services: Map<string, ServiceEntry>, middlewares: Record<string, MiddlewareEntry>, defaultSyntax: RuleSyntax): RouterEntry {
  // Traefik: priority 0 (or none) means the default, the rule's length.
  let priority = rulePriority(draft.rule)
  let error = draft.error
  if (draft.priority !== undefined) {
    const p = Number(draft.priority)
    if (/^-?\d+$/.test(draft.priority.trim()) && Number.isSafeInteger(p)) priority = p === 0 ? priority : p
    else error ??= `priority ${JSON.stringify(draft.priority)} is not a whole number`
  }
  const syntaxTag = draft.ruleSyntax?.trim().toLowerCase()
  const ruleSyntax = syntaxTag === undefined || syntaxTag === '' ? defaultSyntax : syntaxTag
  if (!isRuleSyntax(ruleSyntax)) error ??= `ruleSyntax ${JSON.stringify(draft.ruleSyntax)} is not v3 or v2`
  else if (!error) {
    try {
      cachedRule(draft.rule, ruleSyntax)
    } catch (err) {
      error = (err as Error).message
    }
  }
  if (!error && draft.service !== undefined && !services.has(draft.service)) error = `service "${draft.service}" does not exist`
  for (const m of draft.middlewares) {
    if (error) break
    const mw = middlewares[m]
    if (!mw) error = `middleware "${m}" does not exist`
    else if (mw.type === 'invalid') error = `middleware "${m}" is invalid: ${mw.error}`
  }
  const tls = draft.tls?.trim().toLowerCase()
  if (tls !== undefined && tls !== 'true' && tls !== 'false') error ??= `tls ${JSON.stringify(draft.tls)} is not true or false`
  const entryPoints = draft.entryPoints?.split(',').map((e) => e.trim()).filter(Boolean)
  const unknown = entryPoints?.find((e) => !(ENTRY_POINTS as readonly string[]).includes(e))
  if (unknown !== undefined) error ??= `entry point "${unknown}" does not exist; zdev proxies have ${ENTRY_POINTS.join(' and ')}`
  const entry: RouterEntry = {name, rule: draft.rule, priority, service: draft.service ?? '', middlewares: draft.middlewares, sources}
  if (ruleSyntax === 'v2') entry.ruleSyntax = 'v2'
  if (tls === 'true') entry.tls = true
  if (entryPoints && entryPoints.length > 0) entry.entryPoints = entryPoints
  if (error) entry.error = error
  return entry
}

function toServer(inst: ServiceRegistration, port: number, weight: number): ServerEntry {
  const host = inst.Address.includes(':') ? `[${inst.Address}]` : inst.Address
  return {
    id: inst.ID, serviceName: inst.ServiceName, url: `http://${host}:${port}`, address: inst.Address, port, weight,
    healthy: inst.Healthy, canary: inst.Canary, allocId: inst.AllocID, nodeId: inst.NodeID,
  }
}
