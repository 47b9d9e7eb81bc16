import type {Node, Variable} from '../../model/index.js'
import {mayRead, type WorkloadIdentity} from '../../store/variable-rules.js'
import type {CatalogInstance, TemplateData} from '../../template/consul/index.js'

// What templates read, gathered by the agent in one snapshot, and the TemplateData a task's
// templates see: its environment with node attributes, the catalog, the variables its
// workload identity may read, and the key/value data.

export interface TemplateSnapshot {
  services: CatalogInstance[]
  variables: Variable[]
  kv: Record<string, string>
}

export interface TemplateSource {
  snapshot(): Promise<TemplateSnapshot>
  /** Calls back whenever the catalog, variables or key/value data change; returns a cancel. */
  subscribe?(onChange: () => void): () => void
}

/** Node attributes as Nomad's template `env` function sees them. */
export function nodeEnv(node: Node, region: string): Record<string, string> {
  const env: Record<string, string> = {
    'node.unique.id': node.ID,
    'node.unique.name': node.Name,
    'node.datacenter': node.Datacenter,
    'node.class': node.NodeClass,
    'node.pool': node.NodePool,
    'node.region': region,
  }
  for (const [k, v] of Object.entries(node.Attributes ?? {})) env[`attr.${k}`] = v
  for (const [k, v] of Object.entries(node.Meta ?? {})) env[`meta.${k}`] = v
  return env
}

export interface DataInput {
  env: Record<string, string>
  node: Node
  identity: WorkloadIdentity
  region: string
  snapshot: TemplateSnapshot | null
  now: () => number
}

export function templateData(input: DataInput): TemplateData {
  const {snapshot: s, identity} = input
  const readable = (v: Variable) => mayRead(identity, v.Namespace, v.Path)
  return {
    env: {...nodeEnv(input.node, input.region), ...input.env},
    address: input.node.Address,
    region: input.region,
    now: input.now,
    services: s?.services.filter((r) => r.Namespace === identity.namespace),
    kv: s?.kv,
    variables: s ? {
      read: (path) => {
        const v = s.variables.find((x) => x.Namespace === identity.namespace && x.Path === path)
        if (!mayRead(identity, identity.namespace, path)) return {found: false, reason: 'denied'}
        return v ? {found: true, variable: v} : {found: false, reason: 'missing'}
      },
      list: (prefix) => s.variables.filter((v) => readable(v) && v.Path.startsWith(prefix)),
    } : undefined,
  }
}
