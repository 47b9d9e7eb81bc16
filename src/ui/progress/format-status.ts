import type {PlatformStatus} from '../../platform/status.js'

function size(bytes: number | null): string {
  if (bytes === null) return '-'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

const yn = (v: boolean | null) => (v === null ? '-' : v ? 'yes' : 'no')

/** `zdev status` for humans: one row per component, then the quorum line. */
export function formatStatus(s: PlatformStatus): string {
  if (!s.known) return `cluster ${s.cluster} is not running here (no state in ${s.stateDir}); start it with \`zdev up\`\n`
  const head = ['NAME', 'KIND', 'PID', 'ALIVE', 'HEALTHY', 'LEADER', 'TERM', 'DB SIZE', 'ENDPOINT']
  const rows = s.components.map((c) => [
    c.name,
    c.kind,
    c.pid === null ? '-' : String(c.pid),
    yn(c.alive),
    yn(c.healthy),
    c.leader ? 'leader' : '',
    c.raftTerm === null ? '-' : String(c.raftTerm),
    size(c.dbSize),
    c.endpoints[0] ?? '',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()
  return [`cluster ${s.cluster} (${s.stateDir})`, line(head), ...rows.map(line), s.quorum?.line ?? 'quorum: unknown', ''].join('\n')
}
