import {loadJobFile} from '../jobspec/index.js'
import {newId} from '../lib/ids.js'
import {UserError} from '../lib/errors.js'
import type {Job} from '../model/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {submitJob} from '../store/jobs.js'
import type {Store} from '../store/store.js'
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

/** Whether every service job has its count running (and healthy where it has checks). */
export async function platformJobsHealth(store: Store, jobs: Job[]): Promise<JobsHealth> {
  const st = await readClusterState(store)
  const parts: string[] = []
  let ready = true
  for (const job of jobs) {
    if (job.Type !== 'service' && job.Type !== 'system') continue
    const want = job.Type === 'system' ? st.nodes.filter((n) => n.Status === 'ready').length : job.TaskGroups.reduce((n, g) => n + g.Count, 0)
    const live = st.allocs.filter((a) => a.JobID === job.ID && a.DesiredStatus === 'run' && a.ClientStatus === 'running')
    const unhealthy = live.filter((a) => st.services.some((s) => s.AllocID === a.ID && !s.Healthy))
    const healthy = live.length - unhealthy.length
    const blocked = st.evals.find((e) => e.JobID === job.ID && e.Status === 'blocked')
    if (blocked) {
      throw new UserError(`Job "${job.ID}" cannot be placed: ${Object.entries(blocked.FailedTGAllocs ?? {}).map(([g, m]) => `group ${g}: ${Object.entries(m.ConstraintFiltered).map(([r, n]) => `${r} (${n})`).concat(Object.entries(m.DimensionExhausted).map(([d, n]) => `${d} exhausted (${n})`)).join(', ') || 'no feasible node'}`).join('; ')}.`, {code: 'placement_failed', hint: `see \`zdev job status ${job.ID}\`.`})
    }
    if (healthy < want) ready = false
    parts.push(`${job.ID} ${healthy}/${want}`)
  }
  return {ready, line: parts.join(', ')}
}
