// What the dashboard is fed: whole snapshots of the platform (latest wins) and a way to act on
// its components. The platform implements DashboardSource from KV watches; tests feed fixtures.
import type {Allocation} from '../../model/allocation.js'
import type {Deployment} from '../../model/deployment.js'
import type {Evaluation} from '../../model/evaluation.js'
import type {Job} from '../../model/job.js'
import type {Node} from '../../model/node.js'

export type QuorumState = 'ok' | 'degraded' | 'lost'

export interface KvMemberInfo {
  name: string
  endpoint: string
  healthy: boolean
  isLeader: boolean
  raftTerm: number
  dbSizeBytes: number
  pid?: number
  running: boolean
}

export interface ServerInfo {
  name: string
  leader: boolean
  alive: boolean
}

export interface ProxyInfo {
  name: string
  listen: string
  /** Every URL the proxy answers on (web, websecure); the panel prints each whole. Default [listen]. */
  urls?: string[]
  alive: boolean
  routes: number
  requestsPerSec: number
  healthyByService: Record<string, number>
}

/** A Nomad Variable as the dashboard may show it: where it is and its key names, never a value. */
export interface VariableInfo {
  namespace: string
  path: string
  keys: string[]
  modifyTime: number // epoch ms
}

export interface DashboardEvent {
  time: number // epoch ms
  kind: string // e.g. node-down, alloc-rescheduled, quorum-lost (see derive-events.ts)
  message: string
}

export interface DashboardSnapshot {
  cluster: string
  at: number // epoch ms when the snapshot was taken
  kv: {members: KvMemberInfo[]; quorum: QuorumState}
  servers: ServerInfo[]
  nodes: Node[]
  allocs: Allocation[]
  jobs: Job[]
  deployments: Deployment[]
  /** Optional: blocked/failed evaluations, whose FailedTGAllocs explain placement failures. */
  evals?: Evaluation[]
  proxies: ProxyInfo[]
  /** Optional: Nomad Variables (paths and key names only); the panel shows once one exists. */
  variables?: VariableInfo[]
  events: DashboardEvent[]
}

/** Components a keystroke can stop or start. Nodes are named by Node.Name, allocations by ID. */
export type ComponentKind = 'etcd' | 'server' | 'node' | 'proxy' | 'alloc'

export interface DashboardAction {
  verb: 'stop' | 'start'
  kind: ComponentKind
  name: string
}

export interface DashboardSource {
  /** Whole snapshots as the platform changes (driven by watches, not polling). */
  snapshots(): AsyncIterable<DashboardSnapshot>
  act(action: DashboardAction): Promise<void>
  logs(kind: ComponentKind, name: string): Promise<string[]>
  close(): Promise<void>
}
