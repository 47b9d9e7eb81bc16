import type {PlatformStatus} from '../../platform/status.js'
import type {ClusterSummary} from '../../platform/cluster-summary.js'

function size(bytes: number | null): string {
  if (bytes === null) return '-'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

const yn = (v: boolean | null) => (v === null ? '-' : v ? 'yes' : 'no')

export type ClusterHealth = 'ok' | 'electing' | 'degraded' | 'quorum-lost' | 'down' | 'unknown'

/** Pure: one word for the whole cluster, and the exit code `zdev status` ends with. */
export function clusterHealth(s: PlatformStatus): {health: ClusterHealth; exitCode: number} {
  if (!s.known) return {health: 'unknown', exitCode: 3}
  if (s.components.length === 0 || s.components.every((c) => !c.alive)) return {health: 'down', exitCode: 3}
  if (s.quorum?.state === 'lost') return {health: 'quorum-lost', exitCode: 1}
  if (s.quorum?.state === 'electing') return {health: 'electing', exitCode: 0}
  return {health: s.components.every((c) => c.alive) ? 'ok' : 'degraded', exitCode: 0}
}

/** A member that answers but is cut off from the quorum cannot serve: it is not healthy. */
function memberHealth(c: PlatformStatus['components'][number], lost: boolean): string {
  if (c.kind === 'etcd' && lost && c.alive) return 'no quorum'
  return yn(c.healthy)
}

/** `zdev status` for humans: one row per component, then the quorum line. */
export function formatStatus(s: PlatformStatus): string {
  if (!s.known) return `cluster ${s.cluster} is not running here (no state in ${s.stateDir}); start it with \`zdev up\`\n`
  if (clusterHealth(s).health === 'down') {
    return `cluster ${s.cluster} is down: none of its ${s.components.length} processes runs (data kept in ${s.stateDir}); start it with \`zdev up\`\n`
  }
  const lost = s.quorum?.state === 'lost'
  const head = ['NAME', 'KIND', 'PID', 'ALIVE', 'HEALTHY', 'LEADER', 'TERM', 'DB SIZE', 'ENDPOINT']
  const rows = s.components.map((c) => [
    c.name,
    c.kind,
    c.pid === null ? '-' : String(c.pid),
    yn(c.alive),
    memberHealth(c, lost),
    c.leader ? 'leader' : '',
    c.raftTerm === null ? '-' : String(c.raftTerm),
    size(c.dbSize),
    c.endpoints[0] ?? '',
  ])
  const quorumLine = lost && s.quorum ? `quorum: LOST (${s.quorum.healthy}/${s.quorum.total} members answer, ${Math.floor(s.quorum.total / 2) + 1} needed): reads and writes fail until a majority is back` : (s.quorum?.line ?? 'quorum: unknown')
  const out = [`cluster ${s.cluster} (${s.stateDir})`, ...table(head, rows), quorumLine]
  for (const c of s.components) if (c.problem) out.push(`problem: ${c.name}: ${c.problem}`)
  for (const c of s.components) if (c.restarts) out.push(`restarts: ${c.name} restarted ${c.restarts}× after crashes (last exit: ${c.lastExit ?? 'unknown'})`)
  for (const o of s.orphans ?? []) out.push(`orphans: ${o.node}: ${o.pids.length} leftover task process(es) with no node agent (pids ${o.pids.join(', ')})`)
  if (s.summary) out.push(...formatSummary(s.summary))
  else if (s.components.some((c) => c.kind !== 'etcd')) out.push('', 'servers, nodes and jobs: unknown while the KV quorum does not answer')
  return out.join('\n') + '\n'
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(head), ...rows.map(line)]
}

function formatSummary(c: ClusterSummary): string[] {
  const out: string[] = []
  if (c.servers.length) out.push('', `servers: ${c.servers.map((s) => (s.leader ? `${s.name} (leader)` : s.name)).join(', ')}${c.leader ? '' : ' — no leader elected'}`)
  if (c.nodes.length) {
    out.push('', ...table(['NODE', 'STATUS', 'ELIGIBLE', 'ADDRESS', 'ALLOCS', 'CPU MHz', 'MEMORY MB'],
      c.nodes.map((n) => [n.name, n.status, n.eligibility === 'eligible' ? 'yes' : 'no', n.address, String(n.allocs), `${n.cpuUsed}/${n.cpuTotal}`, `${n.memUsed}/${n.memTotal}`])))
  }
  if (c.jobs.length) {
    out.push('', ...table(['JOB', 'TYPE', 'VERSION', 'STATUS', 'RUNNING', 'HEALTHY', 'FAILED'],
      c.jobs.map((j) => [j.id, j.type, String(j.version), j.placementFailed ? `${j.status}; placement failed` : j.status, `${j.running}/${j.desired}`, String(j.healthy), String(j.failed)])))
  }
  if (c.proxies.length) out.push('', `proxies: ${c.proxies.map((p) => `${p.name} ${p.listen} (${p.routes} routes, ${p.requestsPerSec} req/s)`).join(', ')}`)
  return out
}
