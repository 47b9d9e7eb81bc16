import {summarizeCluster, type ClusterSummary} from './cluster-summary.js'
import type {QuorumReport} from '../kv/quorum-status.js'
import {loadPlatform} from './load.js'
import {isProcessAlive} from './process-alive.js'
import {readState} from './state.js'
import {serverApis} from './nomad-env.js'
import {readSuperviseRecord} from './supervise-record.js'
import {readKvCredentials} from '../kv/credentials.js'
import {findOrphanTasks, type OrphanTasks} from './orphan-tasks.js'
import type {ComponentKind} from './types.js'

export interface ComponentStatus {
  name: string
  kind: ComponentKind
  pid: number | null
  alive: boolean
  endpoints: string[]
  ports: Record<string, number>
  healthy: boolean | null
  leader: boolean | null
  raftTerm: number | null
  dbSize: number | null
  /** Restarts by its supervisor after crashes, and why it last exited. */
  restarts: number
  lastExit: string | null
  /** What is wrong though the process runs (a server whose HTTP API could not listen). */
  problem?: string
}

export interface PlatformStatus {
  cluster: string
  stateDir: string
  /** False when zdev never started this cluster here (no state.json). */
  known: boolean
  quorum: Omit<QuorumReport, 'members'> | null
  components: ComponentStatus[]
  /** Task processes left behind by node agents that died with their watchdog. */
  orphans: OrphanTasks[]
  /** Servers, nodes, jobs and proxies as the KV knows them (null when the quorum cannot answer). */
  summary: ClusterSummary | null
}

/** Everything `zdev status` shows; every member is asked at once, each bounded by `timeoutMs`. */
export async function readPlatformStatus(file: string, opts: {timeoutMs?: number} = {}): Promise<PlatformStatus> {
  const platform = await loadPlatform(file)
  const state = await readState(platform.stateDir)
  if (!state) return {cluster: platform.name, stateDir: platform.stateDir, known: false, quorum: null, components: [], orphans: [], summary: null}
  const etcd = state.components.filter((c) => c.kind === 'etcd')
  // the etcd client stack (~0.25 CPU-s to import) only once there is a cluster to ask
  const {readQuorumStatus} = await import('../kv/quorum-status.js')
  const q = await readQuorumStatus(etcd.map((c) => ({name: c.name, endpoint: c.endpoints[0]!})), opts.timeoutMs ?? 2000)
  const components = state.components.map((c): ComponentStatus => {
    const m = q.members.find((x) => x.name === c.name)
    const alive = isProcessAlive(c.pid, c)
    const sup = readSuperviseRecord(platform.stateDir, c.name)
    // a server's endpoint is the address its API really bound (api/<name>.json), not the planned one
    const api = c.kind === 'server' && alive ? serverApis(platform, state).find((x) => x.name === c.name)?.live : undefined
    const endpoints = c.kind === 'server' && alive ? (api?.addr ? [api.addr] : []) : c.endpoints
    return {
      ...(api?.error ? {problem: `HTTP API not listening: ${api.error}`} : {}),
      restarts: sup?.restarts ?? 0,
      lastExit: sup?.lastExit ? `${sup.lastExit.reason} at ${sup.lastExit.at}` : null,
      name: c.name, kind: c.kind, pid: c.pid, alive, endpoints, ports: c.ports,
      healthy: m ? m.healthy && q.state !== 'lost' : null, // cut off from the quorum, a member cannot serve
      leader: m ? m.leader : null,
      raftTerm: m?.raftTerm ?? null,
      dbSize: m?.dbSize ?? null,
    }
  })
  const {members: _members, ...quorum} = q
  return {cluster: platform.name, stateDir: platform.stateDir, known: true, quorum, components, orphans: findOrphanTasks(platform.name, platform.stateDir, state), summary: q.state === 'lost' ? null : await readSummary(platform.name, etcd.flatMap((c) => c.endpoints), platform.stateDir)}
}

async function readSummary(cluster: string, endpoints: string[], stateDir: string): Promise<ClusterSummary | null> {
  const [{Store}, {readClusterState}, {currentLeader}] = await Promise.all([import('../store/store.js'), import('../store/cluster-state.js'), import('../store/leader-election.js')])
  const store = Store.connect(endpoints, cluster, 1500, readKvCredentials(stateDir)?.zdev)
  try {
    const [st, leader] = await Promise.all([readClusterState(store), currentLeader(store)])
    return summarizeCluster(st, leader ?? null)
  } catch {
    return null // the quorum did not answer in time; the member table says why
  } finally {
    store.close()
  }
}
