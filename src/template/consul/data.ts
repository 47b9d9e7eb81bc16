import {compileGoRegexp} from '../../lib/go-regexp.js'
import type {ServiceRegistration} from '../../model/service.js'
import {def, fail, int, str, type FuncMap} from '../funcs-def.js'
import {goStruct} from '../values.js'
import {formatGoTime, RFC3339} from './go-time.js'
import {varItems, varMeta, type Variable, type VariableMeta} from './nomad-vars.js'

// The functions that read the cluster: env (with node attributes), Nomad services and
// variables, the Consul-style catalog and KV. They read one in-memory snapshot the caller
// gathered (so a render is a pure function of it); data that does not exist yet throws
// MissingDependency, and the caller waits for it, as Nomad's template runner blocks.

/** One registration in the catalog, as templates see it (Nomad's ServiceRegistration). */
export type CatalogInstance = Omit<ServiceRegistration, 'Canary'>

export type VarRead = {found: true; variable: Variable} | {found: false; reason: 'missing' | 'denied'}

export interface TemplateData {
  /** The task's environment plus node attributes (node.unique.name, attr.*, meta.*). */
  env: Record<string, string>
  services?: CatalogInstance[]
  variables?: {read(path: string): VarRead; list(prefix: string): VariableMeta[]}
  /** Key/value data for key, keyOrDefault, ls and tree (zdev keeps it under data/). */
  kv?: Record<string, string>
  region?: string
  /** The node's address: what sockaddr's GetPrivateIP answers. */
  address?: string
  now(): number
}

export class MissingDependency extends Error {
  readonly passthrough = true
  constructor(readonly dependency: string) {
    super(`Missing: ${dependency}`)
  }
}

const SERVICE_QUERY = compileGoRegexp('^(?:([[:word:]=:\\-./]+)\\.)?([[:word:]\\-/]+)(?:@([[:word:].\\-_]+))?(?:\\|(any|passing))?$')

function parseQuery(q: string): {tag?: string; name: string; any: boolean} {
  const m = SERVICE_QUERY.exec(q)
  if (!m) fail(`invalid service query: ${JSON.stringify(q)}`)
  return {tag: m[1], name: m[2]!, any: m[4] === 'any'}
}

function nomadInstance(r: CatalogInstance): object {
  return goStruct('*dependency.NomadService', {
    ID: r.ID, Name: r.ServiceName, Namespace: r.Namespace, NodeID: r.NodeID, Datacenter: r.Datacenter,
    JobID: r.JobID, AllocID: r.AllocID, Tags: r.Tags, Address: r.Address, Port: r.Port,
  })
}

const byAddress = (a: CatalogInstance, b: CatalogInstance) => (a.Address < b.Address ? -1 : a.Address > b.Address ? 1 : a.Port - b.Port || (a.ID < b.ID ? -1 : 1))

/** FNV-1a 32-bit, for nomadService's rendezvous subset. */
function fnv(s: string): number {
  let h = 0x811c9dc5
  for (const b of Buffer.from(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

export function dataFuncs(data: TemplateData): FuncMap {
  const catalog = () => data.services ?? fail('the service catalog is not available here')
  const instances = (query: string) => {
    const q = parseQuery(query)
    return catalog().filter((r) => r.ServiceName === q.name && (!q.tag || r.Tags.includes(q.tag))).sort(byAddress)
  }
  const names = () => {
    const by = new Map<string, Set<string>>()
    for (const r of catalog()) {
      const s = by.get(r.ServiceName) ?? new Set()
      r.Tags.forEach((t) => s.add(t))
      by.set(r.ServiceName, s)
    }
    return [...by.keys()].sort().map((n) => goStruct('*dependency.NomadServicesSnippet', {Name: n, Tags: [...by.get(n)!].sort()}))
  }
  const vars = () => data.variables ?? fail('Nomad variables are not available here')
  const readVar = (path: string) => {
    const r = vars().read(str(path))
    if (!r.found && r.reason === 'denied') fail(`Permission denied: nomad.var.get(${path}@default.${data.region ?? 'global'})`)
    return r
  }
  const kv = () => data.kv ?? fail('the key/value store is not available here')
  const kvPairs = (prefix: string, deep: boolean) => {
    const p = prefix.replace(/^\/+/, '').replace(/\/*$/, '/')
    return Object.keys(kv()).filter((k) => k.startsWith(p) && k !== p && (deep || !k.slice(p.length).includes('/'))).sort()
      .map((k) => goStruct('*dependency.KeyPair', {Path: k, Key: k.slice(p.length), Value: kv()[k]!}))
  }
  return {
    env: def((k: unknown) => data.env[str(k)] ?? ''),
    mustEnv: def((k: unknown) => data.env[str(k)] ?? fail(`mustEnv: environment variable ${JSON.stringify(k)} is not set`)),
    envOrDefault: def((k: unknown, d: unknown) => (data.env[str(k)] ? data.env[str(k)]! : str(d))),
    nomadServices: def(names),
    nomadService: def((...a: unknown[]) => {
      if (a.length === 1) return instances(str(a[0])).map(nomadInstance)
      if (a.length !== 3) fail('nomadService takes a name, or a count, a key and a name')
      const [count, key, name] = [int(a[0]), str(a[1]), str(a[2])]
      const list = instances(name)
      return list.map((r) => ({r, h: fnv(`${key}${r.ID}`)})).sort((x, y) => x.h - y.h).slice(0, count).map((x) => x.r).sort(byAddress).map(nomadInstance)
    }, 1, 3),
    nomadVar: def((path: unknown) => {
      const r = readVar(str(path))
      if (!r.found) throw new MissingDependency(`nomad.var.block(${path}@default.${data.region ?? 'global'})`)
      return varItems(r.variable)
    }),
    nomadVarExists: def((path: unknown) => readVar(str(path)).found),
    nomadVarList: def((...a: unknown[]) => vars().list(a.length ? str(a[0]) : '').map(varMeta), 0, 1),
    nomadVarListSafe: def((...a: unknown[]) => vars().list(a.length ? str(a[0]) : '').map(varMeta), 0, 1),
    key: def((k: unknown) => {
      const v = kv()[str(k).replace(/^\/+/, '')]
      if (v === undefined) throw new MissingDependency(`kv.block(${k})`)
      return v
    }),
    keyExists: def((k: unknown) => kv()[str(k).replace(/^\/+/, '')] !== undefined),
    keyOrDefault: def((k: unknown, d: unknown) => kv()[str(k).replace(/^\/+/, '')] ?? str(d)),
    ls: def((p: unknown) => kvPairs(str(p), false)),
    safeLs: def((p: unknown) => kvPairs(str(p), false)),
    tree: def((p: unknown) => kvPairs(str(p), true)),
    safeTree: def((p: unknown) => kvPairs(str(p), true)),
    service: def((query: unknown) => {
      const q = parseQuery(str(query))
      return instances(str(query).replace(/\|(any|passing)$/, '')).filter((r) => q.any || r.Healthy).map((r) =>
        goStruct('*dependency.HealthService', {
          Node: r.NodeID, NodeID: r.NodeID, NodeAddress: r.Address, NodeDatacenter: r.Datacenter, Address: r.Address,
          ID: r.ID, Name: r.ServiceName, Tags: r.Tags, Port: r.Port, Status: r.Healthy ? 'passing' : 'critical', ServiceMeta: {}, Namespace: r.Namespace,
        }))
    }),
    services: def(names),
    byTag: def((list: unknown) => {
      const out: Record<string, unknown[]> = {}
      for (const s of Array.isArray(list) ? list : fail('byTag: expected a list of services')) {
        for (const t of ((s as {Tags?: string[]}).Tags ?? [])) (out[t] ??= []).push(s)
      }
      return out
    }),
    byKey: def((list: unknown) => {
      const out: Record<string, Record<string, unknown>> = {}
      for (const p of Array.isArray(list) ? (list as {Key: string; Value: string}[]) : fail('byKey: expected a list of key pairs')) {
        const i = p.Key.indexOf('/')
        if (i <= 0 || i === p.Key.length - 1) continue
        const top = p.Key.slice(0, i)
        ;(out[top] ??= {})[p.Key.slice(i + 1)] = goStruct('*dependency.KeyPair', {Key: p.Key.slice(i + 1), Value: p.Value})
      }
      return out
    }),
    timestamp: def((...a: unknown[]) => {
      const now = data.now()
      if (!a.length) return formatGoTime(now, RFC3339)
      return str(a[0]) === 'unix' ? String(Math.floor(now / 1000)) : formatGoTime(now, str(a[0]))
    }, 0, 1),
    sockaddr: def((...a: unknown[]) => sockaddr(a.map(str).join(' '), data.address ?? '127.0.0.1'), 1, Infinity),
  }
}

/** The go-sockaddr template basics; zdev nodes live on loopback, so the private IP is theirs. */
function sockaddr(expr: string, address: string): string {
  const e = expr.trim()
  if (/^GetPrivateIPs?$/.test(e) || /^GetInterfaceIPs?\s+"[^"]*"$/.test(e)) return address
  if (/^GetPublicIPs?$/.test(e)) return ''
  if (/^GetAllInterfaces\b/.test(e) || /^GetDefaultInterfaces\b/.test(e)) return address
  fail(`sockaddr: zdev supports GetPrivateIP, GetPrivateIPs, GetPublicIP, GetInterfaceIP "NAME", not ${JSON.stringify(e)}`)
}
