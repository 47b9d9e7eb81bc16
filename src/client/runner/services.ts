import type {Allocation, Node, Service, ServiceCheck, TaskGroup} from '../../model/index.js'
import {interpolateDeep, interpolateString} from './interpolate.js'

// A group's and its tasks' services with `${…}` resolved and ports turned into the address the
// node's workloads bind to: what the agent registers and what the checks probe.

export interface ResolvedCheck {
  name: string
  type: string
  address: string
  port: number
  path: string
  protocol: string
  method: string
  headers: Record<string, string[]>
  command: string
  args: string[]
  taskName: string | null // whose env and dir a script check runs in
  intervalMs: number
  timeoutMs: number
  initialStatus: 'passing' | 'critical'
  successBeforePassing: number
  failuresBeforeCritical: number
}

export interface ResolvedService {
  name: string
  taskName: string | null // null for a group-level service
  tags: string[]
  canaryTags: string[]
  meta: Record<string, string>
  address: string
  port: number
  portLabel: string
  provider: string
  checks: ResolvedCheck[]
}

export function resolveServices(
  group: TaskGroup,
  alloc: Allocation,
  node: Node,
  envFor: (task: string | null) => Record<string, string>,
): ResolvedService[] {
  const out: ResolvedService[] = []
  const all: {svc: Service; task: string | null}[] = [
    ...(group.Services ?? []).map((svc) => ({svc, task: svc.TaskName || null})),
    ...group.Tasks.flatMap((t) => (t.Services ?? []).map((svc) => ({svc, task: t.Name}))),
  ]
  for (const {svc, task} of all) {
    const ctx = {env: envFor(task), node}
    const s = interpolateDeep(svc, ctx)
    const at = resolvePort(s.PortLabel, alloc, node)
    const address = s.Address ? interpolateString(s.Address, ctx) : at.address
    out.push({
      name: s.Name,
      taskName: task,
      tags: s.Tags ?? [],
      canaryTags: s.CanaryTags ?? [],
      meta: s.Meta ?? {},
      address,
      port: at.port,
      portLabel: s.PortLabel,
      provider: s.Provider || 'nomad',
      checks: (s.Checks ?? []).map((c) => resolveCheck(c, s, task, alloc, node, address, at.port)),
    })
  }
  return out
}

function resolveCheck(c: ServiceCheck, s: Service, task: string | null, alloc: Allocation, node: Node, address: string, port: number): ResolvedCheck {
  const at = c.PortLabel ? resolvePort(c.PortLabel, alloc, node) : {address, port}
  return {
    name: c.Name || `service: "${s.Name}" check`,
    type: c.Type,
    address: at.address,
    port: at.port,
    path: c.Path ?? '/',
    protocol: c.Protocol || 'http',
    method: c.Method || 'GET',
    headers: c.Header ?? {},
    command: c.Command ?? '',
    args: c.Args ?? [],
    taskName: c.TaskName || task,
    intervalMs: Math.max(10, Math.round((c.Interval || 10e9) / 1e6)),
    timeoutMs: Math.max(10, Math.round((c.Timeout || 2e9) / 1e6)),
    initialStatus: c.InitialStatus === 'passing' ? 'passing' : 'critical',
    successBeforePassing: c.SuccessBeforePassing ?? 0,
    failuresBeforeCritical: c.FailuresBeforeCritical ?? 0,
  }
}

/** A port label of the allocation (or a literal number) → the host address and port. */
export function resolvePort(label: string, alloc: Allocation, node: Node): {address: string; port: number} {
  const p = (alloc.AllocatedResources?.Shared?.Ports ?? []).find((x) => x.Label === label)
  if (p) return {address: p.HostIP || node.Address, port: p.Value}
  const n = Number(label)
  return {address: node.Address, port: Number.isInteger(n) ? n : 0}
}
