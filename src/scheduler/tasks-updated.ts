// In-place versus destructive updates (Nomad's tasksUpdated): a change the running tasks would
// have to restart for (driver, config, env, resources, ports, artifacts, templates, meta …)
// is destructive; anything else (count, update/reschedule/restart policies, constraints,
// services) is applied to the allocation in place.
import type {Job, Task, TaskGroup} from '../model/index.js'

function canonical(v: unknown): unknown {
  if (v === undefined || v === null) return null
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(canonical)
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {}
    const keys = Object.keys(v as object).sort()
    for (const k of keys) {
      const c = canonical((v as Record<string, unknown>)[k])
      if (c !== null) out[k] = c
    }
    return Object.keys(out).length === 0 ? null : out
  }
  return v
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

function combinedMeta(job: Job, tg: TaskGroup, t: Task): Record<string, string> {
  return {...(job.Meta ?? {}), ...(tg.Meta ?? {}), ...(t.Meta ?? {})}
}

function resourcesOf(t: Task): unknown {
  const r = t.Resources
  return {CPU: r.CPU, Cores: r.Cores, MemoryMB: r.MemoryMB, MemoryMaxMB: r.MemoryMaxMB, Networks: r.Networks, Devices: r.Devices}
}

/** Why the group's allocations must be replaced, or null when an in-place update suffices. */
export function tasksUpdated(jobA: Job, a: TaskGroup, jobB: Job, b: TaskGroup): string | null {
  if (a.Tasks.length !== b.Tasks.length) return 'task count'
  if (!deepEqual(a.Networks, b.Networks)) return 'network'
  if (!deepEqual(a.EphemeralDisk, b.EphemeralDisk)) return 'ephemeral disk'
  if (!deepEqual(a.Volumes, b.Volumes)) return 'volumes'
  for (const at of a.Tasks) {
    const bt = b.Tasks.find((t) => t.Name === at.Name)
    if (!bt) return `task ${at.Name} removed`
    const checks: [string, unknown, unknown][] = [
      ['driver', at.Driver, bt.Driver],
      ['user', at.User, bt.User],
      ['lifecycle', at.Lifecycle, bt.Lifecycle],
      ['config', at.Config, bt.Config],
      ['env', at.Env, bt.Env],
      ['artifacts', at.Artifacts, bt.Artifacts],
      ['templates', at.Templates, bt.Templates],
      ['volume mounts', at.VolumeMounts, bt.VolumeMounts],
      ['log config', at.LogConfig, bt.LogConfig],
      ['meta', combinedMeta(jobA, a, at), combinedMeta(jobB, b, bt)],
      ['resources', resourcesOf(at), resourcesOf(bt)],
    ]
    for (const [what, x, y] of checks) if (!deepEqual(x, y)) return `task ${at.Name} ${what}`
  }
  return null
}
