// What "routed and healthy" means, as plain data: the platform's view at one moment, and what
// is missing from it compared with a view taken before a fault. Pure.

export interface HealthView {
  /** The KV answered the cluster read (false: the other fields are empty). */
  kvReadable: boolean
  kvError?: string
  etcdHealthy: string[]
  etcdLeader: string | null
  serverLeader: string | null
  servers: string[]
  nodesReady: string[]
  proxiesRegistered: string[]
  /** Router → healthy instances behind it. */
  routed: Record<string, number>
  /** Proxy → it answered a routed request with 2xx/3xx. */
  proxyAnswers: Record<string, boolean>
}

/** Everything `before` had that `now` lacks, one line each; empty = healed. */
export function healthDeficits(before: HealthView, now: HealthView, ignore: readonly string[] = []): string[] {
  return deficitsAbout(before, now)
    .filter((d) => d.about === undefined || !ignore.includes(d.about))
    .map((d) => d.text)
}

/** A deficit and the component it is about (none: a service-level one, routers and leaders). */
export interface Deficit {
  text: string
  about?: string
}

export function deficitsAbout(before: HealthView, now: HealthView): Deficit[] {
  if (!now.kvReadable) return [{text: `KV unreadable${now.kvError ? `: ${now.kvError}` : ''}`}]
  const out: Deficit[] = []
  const missing = (what: string, a: string[], b: string[]) => {
    for (const x of a) if (!b.includes(x)) out.push({text: `${what} ${x}`, about: x})
  }
  missing('etcd member unhealthy:', before.etcdHealthy, now.etcdHealthy)
  if (before.etcdLeader && !now.etcdLeader) out.push({text: 'etcd: no leader'})
  if (before.serverLeader && !now.serverLeader) out.push({text: 'servers: no leader'})
  missing('server not registered:', before.servers, now.servers)
  missing('node not ready:', before.nodesReady, now.nodesReady)
  missing('proxy not registered:', before.proxiesRegistered, now.proxiesRegistered)
  for (const [r, n] of Object.entries(before.routed)) {
    const m = now.routed[r] ?? 0
    if (m < n) out.push({text: `router ${r}: ${m} of ${n} instances healthy`})
  }
  for (const [p, ok] of Object.entries(before.proxyAnswers)) if (ok && !now.proxyAnswers[p]) out.push({text: `proxy ${p} does not serve a routed request`, about: p})
  return out
}
