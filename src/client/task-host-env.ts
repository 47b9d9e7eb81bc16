import {taskLabels} from '../lib/proc.js'

// What a task inherits from its node agent's environment. The agent's own settings (KV
// endpoints, credentials, the platform file) never reach a task: a workload gets the KV only
// when the platform file grants it (see kv-grant.ts). Every task carries its node's labels.

const KEEP = new Set(['ZDEV_CLUSTER', 'ZDEV_STATE_DIR'])

export function taskHostEnv(agentEnv: Record<string, string | undefined>, node: {cluster: string; name: string; dir: string}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(agentEnv)) if (!k.startsWith('ZDEV_') || KEEP.has(k)) out[k] = v
  out.ZDEV_CLUSTER = node.cluster
  return {...out, ...taskLabels(node.cluster, node.name, node.dir)}
}
