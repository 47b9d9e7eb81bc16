import type {Allocation, Job, Node, Task, TaskGroup} from '../../model/index.js'
import {allocIndex} from '../../model/index.js'
import {interpolateString} from './interpolate.js'
import type {TaskDirs} from './alloc-dir.js'

// Nomad's runtime environment for one task. Layering, later wins: the agent's own environment
// (minus secrets Nomad also withholds), the NOMAD_* variables, then the task's `env` block
// interpolated against everything before it, then variables from `template { env = true }`.

/** Host variables Nomad's default client `env.denylist` keeps away from tasks. */
export const ENV_DENYLIST = [
  'CONSUL_TOKEN',
  'CONSUL_HTTP_TOKEN',
  'CONSUL_LICENSE',
  'NOMAD_TOKEN',
  'NOMAD_LICENSE',
  'VAULT_TOKEN',
  'VAULT_LICENSE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GOOGLE_APPLICATION_CREDENTIALS',
]

export interface TaskEnvInput {
  alloc: Allocation
  job: Job
  group: TaskGroup
  task: Task
  node: Node
  dirs: Pick<TaskDirs, 'allocShared' | 'local' | 'secrets'>
  hostEnv?: Record<string, string | undefined>
  templateEnv?: Record<string, string>
}

export function buildTaskEnv(input: TaskEnvInput): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(input.hostEnv ?? {})) {
    if (v !== undefined && !ENV_DENYLIST.includes(k)) env[k] = v
  }
  Object.assign(env, buildNomadEnv(input))
  for (const [k, v] of Object.entries(input.task.Env ?? {})) {
    env[k] = interpolateString(String(v), {env, node: input.node})
  }
  Object.assign(env, input.templateEnv ?? {})
  return env
}

/** Only the NOMAD_* variables. */
export function buildNomadEnv(input: Omit<TaskEnvInput, 'hostEnv' | 'templateEnv'>): Record<string, string> {
  const {alloc, job, group, task, node, dirs} = input
  const env: Record<string, string> = {
    NOMAD_ALLOC_DIR: dirs.allocShared,
    NOMAD_TASK_DIR: dirs.local,
    NOMAD_SECRETS_DIR: dirs.secrets,
    NOMAD_CPU_LIMIT: String(task.Resources?.CPU ?? 0),
    NOMAD_MEMORY_LIMIT: String(task.Resources?.MemoryMB ?? 0),
    NOMAD_ALLOC_ID: alloc.ID,
    NOMAD_SHORT_ALLOC_ID: alloc.ID.slice(0, 8),
    NOMAD_ALLOC_NAME: alloc.Name,
    NOMAD_ALLOC_INDEX: String(allocIndex(alloc.Name)),
    NOMAD_TASK_NAME: task.Name,
    NOMAD_GROUP_NAME: group.Name,
    NOMAD_JOB_ID: job.ID,
    NOMAD_JOB_NAME: job.Name,
    NOMAD_DC: node.Datacenter,
    NOMAD_NAMESPACE: alloc.Namespace || job.Namespace,
    NOMAD_REGION: job.Region,
    NOMAD_NODE_ID: node.ID,
    NOMAD_NODE_NAME: node.Name,
  }
  if (task.Resources?.MemoryMaxMB) env.NOMAD_MEMORY_MAX_LIMIT = String(task.Resources.MemoryMaxMB)
  if (job.ParentID) env.NOMAD_JOB_PARENT_ID = job.ParentID
  for (const p of alloc.AllocatedResources?.Shared?.Ports ?? []) {
    const ip = p.HostIP || node.Address
    const port = p.To > 0 ? p.To : p.Value
    env[`NOMAD_IP_${p.Label}`] = ip
    env[`NOMAD_PORT_${p.Label}`] = String(port)
    env[`NOMAD_ADDR_${p.Label}`] = `${ip}:${port}`
    env[`NOMAD_HOST_IP_${p.Label}`] = ip
    env[`NOMAD_HOST_PORT_${p.Label}`] = String(p.Value)
    env[`NOMAD_HOST_ADDR_${p.Label}`] = `${ip}:${p.Value}`
    env[`NOMAD_ALLOC_PORT_${p.Label}`] = String(port)
  }
  const meta = {...job.Meta, ...group.Meta, ...task.Meta}
  for (const [k, v] of Object.entries(meta)) {
    env[`NOMAD_META_${k}`] = String(v)
    env[`NOMAD_META_${k.toUpperCase()}`] = String(v)
  }
  return env
}
