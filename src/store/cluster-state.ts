import type {Allocation, Deployment, Evaluation, Job, Node, ServiceRegistration} from '../model/index.js'
import {mergeAlloc, mergeNode, type AllocStatusRecord, type NodeDrainRecord, type NodeStatusRecord} from './records.js'
import type {Store} from './store.js'
import type {Keys} from './keys.js'
import {withKvError} from './kv-errors.js'

export interface ServerRecord {
  Name: string
  Address: string
  Pid: number
  StartedAt: number
  HttpAddr?: string // host:port of the server's HTTP API
}

export interface ProxyRecord {
  Name: string
  Listen: string
  Pid: number
  Routes: number
  DisabledRoutes: number
  RequestsTotal: number
  RequestsPerSec: number
  HealthyByService: Record<string, number>
  UpdatedAt: number
}

export interface EventRecord {
  Time: number
  Kind: string
  Message: string
}

/** Everything under one cluster, read at one revision. */
export interface ClusterState {
  revision: number
  jobs: Record<string, Job>
  jobModRevisions: Record<string, number>
  jobVersions: Record<string, Job[]>
  nodes: Node[]
  allocs: Allocation[]
  evals: Evaluation[]
  deployments: Deployment[]
  services: ServiceRegistration[]
  servers: ServerRecord[]
  proxies: ProxyRecord[]
  events: EventRecord[]
}

export async function readClusterState(store: Store): Promise<ClusterState> {
  const res = await withKvError('read the cluster state', store.timeoutMs, () => store.client.prefix(store.keys.prefix))
  return clusterStateOf(res.kvs, res.revision, store.keys)
}

/** Pure: the state from the cluster's keys and values at `revision` (a read, or a copy kept current by a watch). */
export function clusterStateOf(kvs: Iterable<{key: string; value: string; modRevision: number}>, revision: number, k: Keys): ClusterState {
  const st: ClusterState = {
    revision,
    jobs: {},
    jobModRevisions: {},
    jobVersions: {},
    nodes: [],
    allocs: [],
    evals: [],
    deployments: [],
    services: [],
    servers: [],
    proxies: [],
    events: [],
  }
  const regs = new Map<string, Node>()
  const nodeStatus = new Map<string, NodeStatusRecord>()
  const drains = new Map<string, NodeDrainRecord>()
  const desired: Allocation[] = []
  const allocStatus = new Map<string, AllocStatusRecord>()
  for (const kv of kvs) {
    const key = kv.key
    const parse = () => JSON.parse(kv.value)
    const id = key.slice(key.lastIndexOf('/') + 1)
    if (key.startsWith(k.jobs)) {
      const job: Job = parse()
      st.jobs[job.ID] = job
      st.jobModRevisions[job.ID] = kv.modRevision
    } else if (key.startsWith(k.jobVersionsAll)) {
      const job: Job = parse()
      ;(st.jobVersions[job.ID] ??= []).push(job)
    } else if (key.startsWith(k.nodes)) regs.set(decodeURIComponent(id), parse())
    else if (key.startsWith(k.nodeStatuses)) nodeStatus.set(decodeURIComponent(id), parse())
    else if (key.startsWith(k.nodeDrains)) drains.set(decodeURIComponent(id), parse())
    else if (key.startsWith(k.allocs)) desired.push(parse())
    else if (key.startsWith(k.allocStatuses)) allocStatus.set(decodeURIComponent(id), parse())
    else if (key.startsWith(k.evals)) st.evals.push(parse())
    else if (key.startsWith(k.deployments)) st.deployments.push(parse())
    else if (key.startsWith(k.services)) st.services.push(parse())
    else if (key.startsWith(k.servers)) st.servers.push(parse())
    else if (key.startsWith(k.proxies)) st.proxies.push(parse())
    else if (key.startsWith(k.events)) st.events.push(parse())
  }
  for (const id of new Set([...regs.keys(), ...nodeStatus.keys()])) {
    const n = mergeNode(regs.get(id), nodeStatus.get(id), drains.get(id))
    if (n) st.nodes.push(n)
  }
  st.nodes.sort((a, b) => a.Name.localeCompare(b.Name))
  st.allocs = desired.map((a) => mergeAlloc(a, allocStatus.get(a.ID)))
  st.evals.sort((a, b) => a.CreateTime - b.CreateTime)
  st.events.sort((a, b) => a.Time - b.Time)
  return st
}
