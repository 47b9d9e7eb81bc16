import path from 'node:path'
import {buildEtcdArgs, clientUrl, ETCD_ENV, LOOPBACK_HOST, type EtcdClusterConfig} from '../kv/etcd-args.js'
import type {Plan, PlanStep, ProcessSpec} from './spec.js'
import {kvCredentialsFile} from '../kv/credentials.js'
import {bootstrapOrder} from '../kv/bootstrap-order.js'
import {componentName, type ComponentKind, type Platform} from './types.js'
import {asContainerMember, type KvContainerInputs} from './kv-container.js'

export interface PlanInputs {
  etcdBin: string
  /** Ports per component name: etcd members need {client, peer}; agents get {http}. */
  ports: Record<string, Record<string, number>>
  /** Initial-cluster token, unique per cluster (kept in state.json). */
  token: string
  /** A JS file run with `nodeBin` for servers, nodes and proxies; without it only etcd is planned. */
  agentEntry?: string
  nodeBin?: string
  quorumTimeoutMs?: number
  /** dist/supervise.js: when given, every process runs as a child of the platform's one supervisor, which restarts it after a crash. */
  supervisor?: string
  /** The steps agents wait for before they connect (default: the quorum wait). */
  agentGate?: string[]
  /** Every member has data (a WAL): they start at once; otherwise one after another (src/kv/bootstrap-order.ts). */
  kvBootstrapped?: boolean
  /** `runtime: docker`: etcd members run as containers (each through its keeper process). */
  kvContainer?: KvContainerInputs
}

export const QUORUM_STEP = 'kv quorum'

/**
 * V8 flags of every agent process. A young generation of 2 MiB semi-spaces instead of V8's 16+
 * costs a few more (sub-ms) scavenges and takes ~10 MiB of PSS off each agent (whole-platform
 * PSS of the fixture platform 403 → 329 MiB, measured with test/bench/footprint.bench.ts).
 */
export const AGENT_NODE_FLAGS = ['--max-semi-space-size=2']

export function etcdMemberNames(p: Platform): string[] {
  return Array.from({length: p.kv.members}, (_, i) => componentName('etcd', i))
}

/** The HTTP API port of the i-th server (api_port, api_port + 1 …). */
export function serverApiPort(p: Platform, i: number): number {
  return p.servers.apiPort + i
}

export function etcdDataDir(p: Platform, name: string): string {
  return path.join(p.stateDir, name, 'data')
}

export function logFileOf(p: Platform, name: string): string {
  return path.join(p.stateDir, 'logs', `${name}.log`)
}

// ZDEV_CLUSTER_ID (the cluster's token) is the per-cluster marker of process identity.
function labels(p: Platform, name: string, kind: ComponentKind, token: string): Record<string, string> {
  return {ZDEV_CLUSTER: p.name, ZDEV_CLUSTER_ID: token, ZDEV_COMPONENT: name, ZDEV_KIND: kind, ZDEV_STATE_DIR: p.stateDir}
}

/**
 * Pure: the steps that bring `p` up. The etcd members start at once (a new cluster's one after
 * another, each once the one before serves its peers); the agents are spawned at
 * the same time (loading their code while etcd elects a leader) and let go once the quorum
 * (or `agentGate`) is done; each says itself when it is ready. Proxies never wait on nodes.
 */
export function planPlatform(p: Platform, inputs: PlanInputs): Plan {
  const names = etcdMemberNames(p)
  const portsOf = (name: string) => {
    const ports = inputs.ports[name]
    if (!ports) throw new Error(`no ports assigned to ${name}`)
    return ports
  }
  const cluster: EtcdClusterConfig = {
    token: inputs.token,
    heartbeatMs: p.kv.heartbeatMs,
    electionMs: p.kv.electionMs,
    members: names.map((name) => ({name, dataDir: etcdDataDir(p, name), clientPort: portsOf(name).client!, peerPort: portsOf(name).peer!})),
  }
  const order = bootstrapOrder(cluster.members, inputs.kvBootstrapped ?? false)
  const steps: PlanStep[] = cluster.members.map((m, i): PlanStep => ({kind: 'start', after: order[i]!.after, spec: etcdMemberSpec(m, order[i]!.readyUrl)}))
  function etcdMemberSpec(m: EtcdClusterConfig['members'][number], readyUrl: string | undefined): ProcessSpec {
    const spec: ProcessSpec = {
      name: m.name,
      kind: 'etcd',
      command: inputs.etcdBin,
      args: buildEtcdArgs(cluster, m),
      env: {...ETCD_ENV, ...labels(p, m.name, 'etcd', inputs.token)},
      cwd: p.stateDir,
      logFile: logFileOf(p, m.name),
      dataDir: m.dataDir,
      ports: {client: m.clientPort, peer: m.peerPort},
      endpoints: [clientUrl(m.clientPort)],
      // the quorum's readiness is asked of every member's /health by the next step
      ready: readyUrl ? {kind: 'http', url: readyUrl} : {kind: 'none'},
    }
    return inputs.kvContainer ? asContainerMember(spec, p, cluster, m, inputs.kvContainer, inputs.nodeBin) : spec
  }
  const kvEndpoints = cluster.members.map((m) => clientUrl(m.clientPort))
  steps.push({kind: 'wait-quorum', name: QUORUM_STEP, endpoints: kvEndpoints, timeoutMs: inputs.quorumTimeoutMs ?? 20_000, after: names})
  if (inputs.agentEntry) {
    const gate = inputs.agentGate ?? [QUORUM_STEP]
    const agent = (name: string, kind: ComponentKind, ports: Record<string, number>, endpoints: string[], ready: ProcessSpec['ready'], extraEnv: Record<string, string> = {}): PlanStep => ({
      kind: 'start',
      after: [],
      gate,
      spec: {
        name, kind,
        command: inputs.nodeBin ?? process.execPath,
        args: [...AGENT_NODE_FLAGS, inputs.agentEntry!, kind, name],
        env: {...labels(p, name, kind, inputs.token), ZDEV_KV_ENDPOINTS: kvEndpoints.join(','), ZDEV_KV_CREDENTIALS_FILE: kvCredentialsFile(p.stateDir), ZDEV_PLATFORM_FILE: p.file, ...extraEnv},
        cwd: p.stateDir,
        logFile: logFileOf(p, name),
        ports, endpoints, ready,
      },
    })
    p.servers.names.forEach((name, i) => {
      const http = serverApiPort(p, i)
      steps.push(agent(name, 'server', {http}, [`http://${LOOPBACK_HOST}:${http}`], {kind: 'signal'}))
    })
    for (const n of p.nodes) steps.push(agent(n.name, 'node', inputs.ports[n.name] ?? {}, [], {kind: 'signal'}))
    for (const px of p.proxies.instances) {
      const url = `http://${px.host}:${px.port}`
      steps.push(agent(px.name, 'proxy', {http: px.port}, [url], {kind: 'signal'}, {ZDEV_LISTEN: `${px.host}:${px.port}`}))
    }
  }
  const supervisor = inputs.supervisor ? supervisorLaunch(p, inputs.supervisor, inputs.token, inputs.nodeBin) : undefined
  return {cluster: p.name, stateDir: p.stateDir, steps, ...(supervisor ? {supervisor} : {})}
}

/** Pure: how the platform's supervisor is started (the same for the plan and for `up`'s early start). */
export function supervisorLaunch(p: Platform, entry: string, token: string, nodeBin = process.execPath): {entry: string; nodeBin: string; labels: Record<string, string>} {
  return {entry, nodeBin, labels: {ZDEV_CLUSTER: p.name, ZDEV_CLUSTER_ID: token, ZDEV_STATE_DIR: p.stateDir}}
}
