// The platform file (zdev.yaml) after loading: every default filled in, every path absolute.
import type {SchedulerConfig} from '../scheduler/index.js'

export type Runtime = 'auto' | 'process' | 'docker'
export type ComponentKind = 'etcd' | 'server' | 'node' | 'proxy'

export interface KvSpec {
  members: 1 | 3 | 5
  heartbeatMs: number
  electionMs: number
  /** `kv.image`: the etcd image of `runtime: docker` (default: zdev/etcd:local, made from the host's etcd). */
  image?: string
}

export interface NodeSpec {
  name: string
  datacenter: string
  nodeClass: string
  nodePool: string
  meta: Record<string, string>
  cpu: number // MHz
  memory: number // MB
  drivers: string[]
}

export interface ProxySpec {
  name: string
  host: string
  port: number
  /** The TLS (websecure) entry point's port, when `proxies.websecure_ports` is set. */
  websecurePort?: number
}

export interface ProxiesSpec {
  count: number
  host: string
  ports: number[] // one listen port per proxy, in order
  defaultRule: string
  /** Traefik rule syntax of routers without a ruleSyntax tag (`proxies.rule_syntax`). */
  ruleSyntax: 'v3' | 'v2'
}

export interface JobRef {
  path: string // absolute
  vars: Record<string, string>
  varFiles: string[] // absolute
  /** The job's tasks get the KV (endpoints and the `task` user, limited to data/). */
  kv?: boolean
}

export interface ServersSpec {
  count: number
  names: string[]
  /** HTTP API port of the first server; the next servers take the ports after it. */
  apiPort: number
  /** With it, every API request needs it in X-Nomad-Token. */
  apiToken?: string
}

/** A cluster `zdev promote --to NAME` registers jobs on (a real Nomad, or another zdev). */
export interface TargetSpec {
  name: string
  addr: string
  namespace?: string
  region?: string
  varFiles: string[] // absolute
  vars: Record<string, string>
}

/** An image `up` builds into the local Docker daemon (`images:` in the platform file). */
export interface ImageSpec {
  tag: string
  context: string // absolute
  dockerfile?: string
  buildArgs: Record<string, string>
}

export interface Platform {
  /** Absolute path of the platform file. */
  file: string
  /** Folder holding the platform file; relative paths resolve from here. */
  dir: string
  /** `.zdev/<name>` beside the platform file. */
  stateDir: string
  name: string
  runtime: Runtime
  kv: KvSpec
  servers: ServersSpec
  nodes: NodeSpec[]
  proxies: ProxiesSpec & {instances: ProxySpec[]}
  jobs: JobRef[]
  targets: TargetSpec[]
  images: ImageSpec[]
  /** `scheduler:` (Nomad's default_scheduler_config): the servers' algorithm and preemption. */
  scheduler: SchedulerConfig
}

export const DEFAULTS = {
  runtime: 'auto' as Runtime,
  kvMembers: 3 as const,
  heartbeatMs: 50,
  electionMs: 500,
  servers: 1,
  apiPort: 4646,
  nodes: 1,
  proxies: 0,
  proxyHost: '127.0.0.1',
  proxyFirstPort: 8080,
  proxyDefaultRule: 'Host(`{{ normalize .Name }}.localhost`)',
  datacenter: 'dc1',
  nodeClass: '',
  nodePool: 'default',
  cpu: 4000,
  memory: 8192,
  drivers: ['raw_exec', 'exec'],
}

/** Stable names users type: etcd-1, server-2, node-3, proxy-1. */
export function componentName(kind: ComponentKind, index: number): string {
  return `${kind}-${index + 1}`
}
