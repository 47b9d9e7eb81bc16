import path from 'node:path'
import type Docker from 'dockerode'
import type {DockerTaskConfig} from './docker-config.js'
import {DriverError, type TaskSpec} from './driver.js'

// A task as a container, as plain data (testable without a daemon): Nomad's docker driver
// layout — alloc/, local/, secrets/ mounted at /alloc, /local, /secrets; ports published on
// the node's own loopback address; memory and cpu from `resources`; labels that let cleanup
// find the container after any crash.

/** Labels every zdev container carries; `zdev down` and the node's sweep select on them. */
export interface NodeLabels {
  'zdev.cluster': string
  'zdev.node': string
  /** The cluster's state dir: two clusters of one name in two folders never touch each other. */
  'zdev.state': string
}

/** Nomad's container name: <task>-<alloc id>. */
export function containerName(spec: Pick<TaskSpec, 'name' | 'identity'>): string {
  return `${spec.name}-${spec.identity?.allocId ?? 'adhoc'}`.replace(/[^a-zA-Z0-9_.-]/g, '_')
}

export function buildContainerOptions(spec: TaskSpec, cfg: DockerTaskConfig, node: NodeLabels): Docker.ContainerCreateOptions {
  const hostMode = cfg.networkMode === 'host'
  const {exposed, bindings} = hostMode ? {exposed: undefined, bindings: undefined} : publishPorts(spec, cfg)
  const mem = spec.resources
  const memoryMB = cfg.memoryHardLimitMB ?? (mem?.memoryMaxMB ? mem.memoryMaxMB : mem?.memoryMB)
  return {
    name: containerName(spec),
    Image: cfg.image,
    Cmd: cfg.command !== undefined ? [cfg.command, ...cfg.args] : cfg.args.length ? cfg.args : undefined,
    Entrypoint: cfg.entrypoint,
    WorkingDir: cfg.workDir,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...cfg.labels,
      ...node,
      'zdev.alloc': spec.identity?.allocId ?? '',
      'zdev.task': spec.name,
      'com.hashicorp.nomad.alloc_id': spec.identity?.allocId ?? '',
      'com.hashicorp.nomad.job_name': spec.identity?.job ?? '',
      'com.hashicorp.nomad.task_group_name': spec.identity?.group ?? '',
      'com.hashicorp.nomad.task_name': spec.name,
    },
    ExposedPorts: exposed,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      Binds: binds(spec, cfg),
      Mounts: cfg.mounts.map((m) => ({
        Type: m.type,
        Source: m.type === 'bind' ? resolveHost(spec, m.source) : m.source,
        Target: m.target,
        ReadOnly: m.readonly,
      })),
      PortBindings: bindings,
      NetworkMode: cfg.networkMode,
      Init: cfg.init || undefined,
      Memory: memoryMB ? memoryMB * 1024 * 1024 : undefined,
      MemoryReservation: mem?.memoryMaxMB && !cfg.memoryHardLimitMB ? mem.memoryMB * 1024 * 1024 : undefined,
      CpuShares: mem?.cpu ? Math.max(2, mem.cpu) : undefined,
      // cpu_hard_limit: the task's MHz as a share of this host's total, as Nomad computes it.
      CpuQuota: cfg.cpuHardLimit && mem?.cpu ? Math.max(1000, Math.round((mem.cpu / 1000) * 100_000)) : undefined,
      CpuPeriod: cfg.cpuHardLimit && mem?.cpu ? 100_000 : undefined,
    },
  }
}

function binds(spec: TaskSpec, cfg: DockerTaskConfig): string[] {
  const d = spec.dirs
  const base = d ? [`${d.allocShared}:/alloc`, `${d.local}:/local`, `${d.secrets}:/secrets`] : []
  return [...base, ...cfg.volumes.map((v) => `${resolveHost(spec, v.source)}:${v.target}${v.readonly ? ':ro' : ''}`)]
}

/** Relative host paths start at the task dir, as in Nomad; named volumes stay names. */
function resolveHost(spec: TaskSpec, source: string): string {
  if (path.isAbsolute(source) || !spec.dirs) return source
  if (!source.includes('/') && !source.startsWith('.') && !['local', 'secrets', 'alloc', 'tmp'].includes(source)) return source
  return path.resolve(spec.dirs.root, source)
}

function publishPorts(spec: TaskSpec, cfg: DockerTaskConfig) {
  const exposed: Record<string, object> = {}
  const bindings: Record<string, {HostIp: string; HostPort: string}[]> = {}
  for (const label of cfg.ports) {
    const p = spec.ports?.find((x) => x.label === label)
    if (!p) {
      const known = (spec.ports ?? []).map((x) => x.label)
      throw new DriverError('docker', `task "${spec.name}": config.ports names "${label}", which is not a port of the group's network block${known.length ? ` (ports: ${known.join(', ')})` : ''}`)
    }
    const inside = p.to > 0 ? p.to : p.value
    for (const proto of ['tcp', 'udp']) {
      exposed[`${inside}/${proto}`] = {}
      bindings[`${inside}/${proto}`] = [{HostIp: p.hostIP, HostPort: String(p.value)}]
    }
  }
  return {exposed: cfg.ports.length ? exposed : undefined, bindings: cfg.ports.length ? bindings : undefined}
}
