import type {Body} from './body-tree.js'

// The docker driver's config keys, as Nomad's docker plugin declares them (its task config
// spec): a key outside this set is refused, as Nomad's driver does ("Unsupported argument"),
// with the line and, for a near miss, the key meant. Keys zdev accepts but does not act on are
// warnings, so a production job file runs unchanged and the user knows what differs.

/** The keys zdev's docker driver acts on (drivers/docker-config.ts). */
export const DOCKER_KEYS_USED = [
  'image', 'command', 'args', 'entrypoint', 'work_dir', 'labels', 'ports', 'network_mode',
  'volumes', 'mount', 'force_pull', 'auth', 'init', 'memory_hard_limit', 'cpu_hard_limit',
] as const

/** Nomad's other docker config keys (accepted, ignored by zdev), deprecated ones included. */
export const DOCKER_KEYS_IGNORED = [
  'advertise_ipv6_address', 'auth_soft_fail', 'cap_add', 'cap_drop', 'cgroupns', 'container_exists_timeout',
  'cpu_cfs_period', 'cpuset_cpus', 'devices', 'dns_options', 'dns_search_domains', 'dns_servers',
  'extra_hosts', 'group_add', 'healthchecks', 'hostname', 'image_pull_timeout', 'interactive', 'ipc_mode',
  'ipv4_address', 'ipv6_address', 'isolation', 'load', 'logging', 'mac_address', 'mounts', 'network_aliases',
  'oom_score_adj', 'pid_mode', 'pids_limit', 'port_map', 'privileged', 'readonly_rootfs', 'runtime',
  'security_opt', 'shm_size', 'storage_opt', 'sysctl', 'tty', 'ulimit', 'userns_mode', 'uts_mode',
  'volume_driver',
] as const

const ALL = new Set<string>([...DOCKER_KEYS_USED, ...DOCKER_KEYS_IGNORED])
const USED = new Set<string>(DOCKER_KEYS_USED)
/** Keys inside `auth { … }` and each `mount { … }`. */
const NESTED: Record<string, readonly string[]> = {
  auth: ['username', 'password', 'email', 'server_address'],
  mount: ['type', 'target', 'source', 'readonly', 'bind_options', 'tmpfs_options', 'volume_options'],
}

export interface ConfigProblem {
  /** The key (`auth.usrname` inside a block); its line is the line map's `….Config.<key>`. */
  key: string
  message: string
  severity: 'error' | 'warning'
}

const lines = new WeakMap<object, Record<string, number>>()

/** Kept by the decoder: the line of each key of a task's `config { … }` block. */
export function rememberConfigLines(config: object, body: Body): void {
  const at: Record<string, number> = {...body.attrLines}
  for (const b of body.blocks) at[b.type] ??= b.line
  lines.set(config, at)
}

/** The lines kept for a decoded config object ({} for API JSON jobs). */
export function configKeyLines(config: object): Record<string, number> {
  return lines.get(config) ?? {}
}

export function checkDockerConfigKeys(task: string, config: Record<string, unknown> | null): ConfigProblem[] {
  if (!config) return []
  const out: ConfigProblem[] = []
  const ignored: string[] = []
  for (const key of Object.keys(config)) {
    if (!ALL.has(key)) {
      const near = nearest(key, [...ALL])
      out.push({key, severity: 'error', message: `Task ${JSON.stringify(task)}: unsupported argument in the docker config: an argument named ${JSON.stringify(key)} is not expected here${near ? `; did you mean ${JSON.stringify(near)}?` : ` (docker config keys: ${[...DOCKER_KEYS_USED].join(', ')} …).`}`})
    } else if (!USED.has(key)) ignored.push(key)
    else if (NESTED[key]) out.push(...nestedProblems(task, key, config[key]))
  }
  if (ignored.length) out.push({key: ignored[0]!, severity: 'warning', message: `Task ${JSON.stringify(task)}: zdev's docker driver accepts but ignores config ${ignored.map((k) => JSON.stringify(k)).join(', ')} (Nomad's docker driver would apply ${ignored.length === 1 ? 'it' : 'them'}).`})
  return out
}

function nestedProblems(task: string, block: string, v: unknown): ConfigProblem[] {
  const allowed = NESTED[block]!
  const out: ConfigProblem[] = []
  for (const item of Array.isArray(v) ? v : [v]) {
    if (!item || typeof item !== 'object') continue
    for (const key of Object.keys(item as object)) {
      if (allowed.includes(key)) continue
      const near = nearest(key, allowed)
      out.push({key: `${block}.${key}`, severity: 'error', message: `Task ${JSON.stringify(task)}: unsupported argument in the docker config's ${block} block: ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ` (${block} takes ${allowed.join(', ')}).`}`})
    }
  }
  return out
}

/** The closest key within a typo's distance (a third of the word, at least 1, at most 3). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c)
    if (d < bestD) [best, bestD] = [c, d]
  }
  if (bestD <= limit) return best
  return candidates.find((c) => word.length >= 4 && (c.startsWith(word) || word.startsWith(c)))
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
  let before = prev
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      // Two letters swapped ("imgae") is one slip, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j]!, before[j - 2]! + 1)
    }
    before = prev
    prev = cur
  }
  return prev[b.length]!
}
