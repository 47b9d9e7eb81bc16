import {loadJobFile} from '../jobspec/index.js'
import {newId} from '../lib/ids.js'
import {UserError} from '../lib/errors.js'
import type {Job} from '../model/index.js'
import type {ClusterState} from '../store/cluster-state.js'
import {submitJob} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import {buildRoutingTable} from '../proxy/config/build-routing-table.js'
import type {Platform} from './types.js'

/** Parse and validate every job the platform file lists, before anything starts. */
export async function loadPlatformJobs(p: Platform): Promise<Job[]> {
  const jobs: Job[] = []
  for (const ref of p.jobs) jobs.push(await loadJobFile(ref.path, {vars: ref.vars, varFiles: ref.varFiles}))
  return jobs
}

export async function submitPlatformJobs(store: Store, jobs: Job[]): Promise<{id: string; version: number; changed: boolean}[]> {
  const out = []
  for (const job of jobs) {
    const r = await submitJob(store, job, {now: Date.now, newId})
    out.push({id: job.ID, version: r.version, changed: r.changed})
  }
  return out
}

export interface JobsHealth {
  ready: boolean
  line: string
}

/** The services an allocation of this group registers (group-level and task-level). */
function servicesPerAlloc(job: Job, group: string): number {
  const g = job.TaskGroups.find((x) => x.Name === group)
  if (!g) return 0
  return (g.Services?.length ?? 0) + g.Tasks.reduce((n, t) => n + (t.Services?.length ?? 0), 0)
}

/**
 * Pure: an allocation is healthy once it runs and every service it defines is registered and
 * passing (a registration not written yet is not health); a job is ready once `count` such
 * allocations exist and every live proxy's table holds them as healthy servers, so the URLs
 * `up` prints answer from every instance the moment it returns.
 */
export function jobsHealthOf(st: ClusterState, jobs: Job[]): JobsHealth {
  const parts: string[] = []
  let ready = true
  for (const job of jobs) {
    if (job.Type !== 'service' && job.Type !== 'system') continue
    const want = job.Type === 'system' ? st.nodes.filter((n) => n.Status === 'ready').length : job.TaskGroups.reduce((n, g) => n + g.Count, 0)
    const live = st.allocs.filter((a) => a.JobID === job.ID && a.DesiredStatus === 'run' && a.ClientStatus === 'running')
    const healthyAllocs = live.filter((a) => {
      const regs = st.services.filter((s) => s.AllocID === a.ID)
      return regs.length >= servicesPerAlloc(job, a.TaskGroup) && regs.every((s) => s.Healthy)
    })
    const healthy = healthyAllocs.length
    const blocked = st.evals.find((e) => e.JobID === job.ID && e.Status === 'blocked')
    if (blocked) {
      throw new UserError(`Job "${job.ID}" cannot be placed: ${Object.entries(blocked.FailedTGAllocs ?? {}).map(([g, m]) => `group ${g}: ${Object.entries(m.ConstraintFiltered).map(([r, n]) => `${r} (${n})`).concat(Object.entries(m.DimensionExhausted).map(([d, n]) => `${d} exhausted (${n})`)).join(', ') || 'no feasible node'}`).join('; ')}.`, {code: 'placement_failed', hint: `see \`zdev job status ${job.ID}\`.`})
    }
    if (healthy < want) ready = false
    // routed: each live proxy holds at least the healthy servers the same catalog gives its table
    const ids = new Set(healthyAllocs.map((a) => a.ID))
    const expected = Object.values(buildRoutingTable(st.services.filter((r) => ids.has(r.AllocID))).services)
    const unrouted = st.proxies.filter((p) => expected.some((svc) => (p.HealthyByService[svc.name] ?? 0) < svc.servers.filter((x) => x.healthy).length)).map((p) => p.Name)
    if (unrouted.length > 0) ready = false
    parts.push(`${job.ID} ${healthy}/${want}${unrouted.length > 0 ? ` (not yet routed by ${unrouted.join(', ')})` : ''}`)
  }
  return {ready, line: parts.join(', ')}
}
