// Nomad's rules for variable paths and items, and the paths a task's workload identity may
// read (its implicit policy): nomad/jobs, nomad/jobs/<job>, …/<group>, …/<group>/<task>.

const VALID_PATH = /^[a-zA-Z0-9\-_~/]{1,128}$/
const MAX_SIZE = 64 * 1024

/** Nomad's validatePath; returns the error text or null. */
export function pathError(path: string): string | null {
  if (path.length === 0) return 'variable requires path'
  if (!VALID_PATH.test(path)) return `invalid path "${path}"`
  const parts = path.split('/')
  if (parts[0] !== 'nomad') return null
  if (parts.length === 1) return '"nomad" is a reserved top-level directory path, but you may write variables to "nomad/jobs", "nomad/job-templates", or below'
  if (parts[1] === 'jobs') return null
  if (parts[1] === 'job-templates' && parts.length === 3) return null
  if (parts[1] === 'job-templates') return '"nomad/job-templates" is a reserved directory path, but you may write variables at the level below it, for example, "nomad/job-templates/template-name"'
  return 'only paths at "nomad/jobs" or "nomad/job-templates" and below are valid paths under the top-level "nomad" directory'
}

/** Nomad's item checks: at least one item, 64 KiB in total. */
export function itemsError(items: Record<string, string>): string | null {
  const keys = Object.keys(items)
  if (!keys.length) return 'empty variables are invalid'
  const size = keys.reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(items[k]!), 0)
  if (size > MAX_SIZE) return 'variables are limited to 64KiB in total size'
  return null
}

export interface WorkloadIdentity {
  namespace: string
  job: string
  group: string
  task: string
}

/** The exact paths the implicit workload policy grants read and list on. */
export function identityPaths(id: WorkloadIdentity): string[] {
  return ['nomad/jobs', `nomad/jobs/${id.job}`, `nomad/jobs/${id.job}/${id.group}`, `nomad/jobs/${id.job}/${id.group}/${id.task}`]
}

export function mayRead(id: WorkloadIdentity, namespace: string, path: string): boolean {
  return namespace === id.namespace && identityPaths(id).includes(path)
}
