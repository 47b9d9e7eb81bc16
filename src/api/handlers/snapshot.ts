import type {Job} from '../../model/index.js'
import {readClusterState, type ClusterState} from '../../store/cluster-state.js'
import {readRevisions, type Revisions} from '../revisions.js'
import {notFound, type ApiContext} from '../types.js'

export interface Snap {
  st: ClusterState
  revs: Revisions
}

/** The cluster state and the revisions of its keys (for CreateIndex/ModifyIndex). */
export async function snapshot(ctx: ApiContext): Promise<Snap> {
  const [st, revs] = await Promise.all([readClusterState(ctx.store), readRevisions(ctx.store)])
  return {st, revs}
}

export function jobOr404(st: ClusterState, id: string): Job {
  const job = st.jobs[id]
  if (!job) throw notFound('job')
  return job
}

// Tables (KV prefixes) the reads depend on, for X-Nomad-Index and blocking queries.
export const T = {
  jobs: ['jobs', 'job-versions', 'allocs', 'alloc-status', 'evals'],
  job: ['jobs', 'job-versions', 'allocs', 'alloc-status', 'evals'],
  allocs: ['allocs', 'alloc-status'],
  evals: ['evals'],
  deployments: ['deployments'],
  nodes: ['nodes', 'node-status', 'node-drain'],
  services: ['services'],
  servers: ['servers', 'election'],
} as const
