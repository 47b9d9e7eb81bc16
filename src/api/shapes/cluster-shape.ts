// Nodes, evaluations, deployments and services as Nomad's API returns them. Pure.
import type {Deployment, Evaluation, Node, ServiceRegistration} from '../../model/index.js'
import type {Indexes} from '../revisions.js'
import {goTime, unixNanos} from '../time-shape.js'

export function nodeStub(n: Node, ix: Indexes): Record<string, unknown> {
  return {
    Address: n.Address,
    ID: n.ID,
    Attributes: null,
    Datacenter: n.Datacenter,
    Name: n.Name,
    NodeClass: n.NodeClass,
    NodePool: n.NodePool,
    Version: n.Attributes['nomad.version'] ?? '',
    Drain: n.DrainStrategy !== null,
    SchedulingEligibility: n.SchedulingEligibility,
    Status: n.Status,
    StatusDescription: '',
    Drivers: n.Drivers,
    LastDrain: null,
    ...ix,
  }
}

export function nodeOut(n: Node, ix: Indexes): Record<string, unknown> {
  return {
    ...n,
    HTTPAddr: n.Address,
    Drain: n.DrainStrategy !== null,
    DrainStrategy: n.DrainStrategy
      ? {Deadline: n.DrainStrategy.Deadline, IgnoreSystemJobs: n.DrainStrategy.IgnoreSystemJobs, StartedAt: goTime(n.DrainStrategy.StartedAt), ForceDeadline: GO_FORCE(n.DrainStrategy)}
      : null,
    StatusUpdatedAt: Math.floor((n.StatusUpdatedAt ?? 0) / 1000),
    StatusDescription: '',
    ...ix,
  }
}

function GO_FORCE(d: NonNullable<Node['DrainStrategy']>): string {
  return d.Deadline > 0 ? goTime(d.StartedAt + d.Deadline / 1e6) : goTime(0)
}

export function evalOut(e: Evaluation, ix: Indexes): Record<string, unknown> {
  return {
    ...e,
    NodeID: e.NodeID ?? '',
    DeploymentID: e.DeploymentID ?? '',
    PreviousEval: e.PreviousEval ?? '',
    BlockedEval: e.BlockedEval ?? '',
    WaitUntil: goTime(e.WaitUntil),
    CreateTime: unixNanos(e.CreateTime),
    ModifyTime: unixNanos(e.CreateTime),
    ...ix,
  }
}

export function deploymentOut(d: Deployment, ix: Indexes): Record<string, unknown> {
  const TaskGroups: Record<string, unknown> = {}
  for (const [g, s] of Object.entries(d.TaskGroups)) TaskGroups[g] = {...s, RequireProgressBy: goTime(s.RequireProgressBy)}
  return {
    ...d,
    JobModifyIndex: d.JobModifyIndex ?? 0,
    TaskGroups,
    CreateTime: unixNanos(d.CreateTime),
    ModifyTime: unixNanos(d.ModifyTime),
    ...ix,
  }
}

/** GET /v1/services: per namespace, each service name with the union of its tags. */
export function serviceList(regs: ServiceRegistration[]): {Namespace: string; Services: {ServiceName: string; Tags: string[]}[]}[] {
  const byNs = new Map<string, Map<string, Set<string>>>()
  for (const r of regs) {
    const ns = byNs.get(r.Namespace) ?? new Map<string, Set<string>>()
    byNs.set(r.Namespace, ns)
    const tags = ns.get(r.ServiceName) ?? new Set<string>()
    ns.set(r.ServiceName, tags)
    for (const t of r.Tags) tags.add(t)
  }
  return [...byNs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Namespace, m]) => ({
      Namespace,
      Services: [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ServiceName, tags]) => ({ServiceName, Tags: [...tags].sort()})),
    }))
}

export function serviceOut(r: ServiceRegistration, ix: Indexes): Record<string, unknown> {
  return {...r, ...ix}
}
