// Parsing a snapshot given as JSON text (`zdev job plan --snapshot`), checked enough to give a
// useful message instead of a crash deep inside the scheduler. Pure: the command reads the file.
import type {Snapshot} from './types.js'

export function parseSnapshot(text: string, file: string): {snapshot: Snapshot} | {error: string} {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return {error: `${file}: not valid JSON (${(err as Error).message}); a snapshot is {"jobs":{},"nodes":[],"allocs":[],"deployments":[]}.`}
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {error: `${file}: a snapshot must be a JSON object with jobs, nodes, allocs and deployments.`}
  const o = raw as Record<string, unknown>
  const jobs = o.jobs ?? {}
  if (typeof jobs !== 'object' || Array.isArray(jobs)) return {error: `${file}: "jobs" must be an object keyed by job ID, got ${Array.isArray(jobs) ? 'an array' : typeof jobs}.`}
  for (const key of ['nodes', 'allocs', 'deployments'] as const) {
    if (o[key] !== undefined && !Array.isArray(o[key])) return {error: `${file}: "${key}" must be an array, got ${typeof o[key]}.`}
  }
  const nodes = (o.nodes as Snapshot['nodes'] | undefined) ?? []
  for (const [i, n] of nodes.entries()) {
    if (!n || typeof n.ID !== 'string' || !n.NodeResources || !n.ReservedResources) return {error: `${file}: nodes[${i}] needs ID, NodeResources and ReservedResources (Nomad node shape).`}
  }
  return {
    snapshot: {
      jobs: jobs as Snapshot['jobs'],
      nodes,
      allocs: (o.allocs as Snapshot['allocs'] | undefined) ?? [],
      deployments: (o.deployments as Snapshot['deployments'] | undefined) ?? [],
      jobVersions: (o.jobVersions as Snapshot['jobVersions'] | undefined) ?? {},
    },
  }
}
