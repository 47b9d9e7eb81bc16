// Command-line flags of one etcd member, as plain data. Loopback only.

export interface EtcdMemberConfig {
  name: string
  dataDir: string
  clientPort: number
  peerPort: number
}

export interface EtcdClusterConfig {
  token: string
  heartbeatMs: number
  electionMs: number
  members: EtcdMemberConfig[]
}

export const LOOPBACK_HOST = '127.0.0.1'

/**
 * Environment of every etcd member. Its live heap is mostly fixed raft buffers (~16 MiB of
 * 4096-message channels per member), so at Go's default GOGC=100 the garbage between collections
 * doubles the resident heap; at 25 a member of the idle fixture platform holds ~22 MiB PSS, not
 * ~32, for a collection every few seconds of a heap that allocates under 1 MB/s.
 */
export const ETCD_ENV: Readonly<Record<string, string>> = {GOGC: '25'}

export function clientUrl(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}`
}

export function peerUrl(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}`
}

/** Flags for `member`; on restart etcd ignores the initial-cluster flags and uses its data dir. */
export function buildEtcdArgs(cluster: EtcdClusterConfig, member: EtcdMemberConfig): string[] {
  const initial = cluster.members.map((m) => `${m.name}=${peerUrl(m.peerPort)}`).join(',')
  return [
    '--name', member.name,
    '--data-dir', member.dataDir,
    '--listen-client-urls', clientUrl(member.clientPort),
    '--advertise-client-urls', clientUrl(member.clientPort),
    '--listen-peer-urls', peerUrl(member.peerPort),
    '--initial-advertise-peer-urls', peerUrl(member.peerPort),
    '--initial-cluster', initial,
    '--initial-cluster-token', cluster.token,
    '--initial-cluster-state', 'new',
    '--heartbeat-interval', String(cluster.heartbeatMs),
    '--election-timeout', String(cluster.electionMs),
    // the passwords are 18 random bytes (144 bits) in 0600 files, so bcrypt's work factor protects nothing,
    // while at the default (10) each user create and each client's authenticate costs ~50-100 ms of CPU
    '--bcrypt-cost', '4',
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ]
}
