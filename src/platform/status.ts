import {readQuorumStatus, type QuorumReport} from '../kv/quorum-status.js'
import {loadPlatform} from './load.js'
import {isProcessAlive} from './process-alive.js'
import {readState} from './state.js'
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
}

export interface PlatformStatus {
  cluster: string
  stateDir: string
  /** False when zdev never started this cluster here (no state.json). */
  known: boolean
  quorum: Omit<QuorumReport, 'members'> | null
  components: ComponentStatus[]
}

/** Everything `zdev status` shows; every member is asked at once, each bounded by `timeoutMs`. */
export async function readPlatformStatus(file: string, opts: {timeoutMs?: number} = {}): Promise<PlatformStatus> {
  const platform = await loadPlatform(file)
  const state = await readState(platform.stateDir)
  if (!state) return {cluster: platform.name, stateDir: platform.stateDir, known: false, quorum: null, components: []}
  const etcd = state.components.filter((c) => c.kind === 'etcd')
  const q = await readQuorumStatus(etcd.map((c) => ({name: c.name, endpoint: c.endpoints[0]!})), opts.timeoutMs ?? 2000)
  const components = state.components.map((c): ComponentStatus => {
    const m = q.members.find((x) => x.name === c.name)
    const alive = isProcessAlive(c.pid, c)
    return {
      name: c.name, kind: c.kind, pid: c.pid, alive, endpoints: c.endpoints, ports: c.ports,
      healthy: m ? m.healthy : null,
      leader: m ? m.leader : null,
      raftTerm: m?.raftTerm ?? null,
      dbSize: m?.dbSize ?? null,
    }
  })
  const {members: _members, ...quorum} = q
  return {cluster: platform.name, stateDir: platform.stateDir, known: true, quorum, components}
}
