// The docker driver's task config (Nomad's `config { … }` of a docker task), read and checked.
// Pure: every problem is a DriverError naming the task and the field, so the task event says
// exactly what to fix. Keys zdev does not act on (dns_servers, hostname, …) are ignored here;
// `job validate`/`job run` refuse unknown keys and warn about these (jobspec/docker-config-keys.ts).

import {DriverError} from './driver.js'

export interface DockerMount {
  type: 'bind' | 'volume' | 'tmpfs'
  source: string
  target: string
  readonly: boolean
}

export interface DockerTaskConfig {
  image: string
  command?: string
  args: string[]
  entrypoint?: string[]
  workDir?: string
  labels: Record<string, string>
  ports: string[]
  networkMode?: string
  volumes: {source: string; target: string; readonly: boolean}[]
  mounts: DockerMount[]
  forcePull: boolean
  auth?: {username?: string; password?: string; email?: string; serveraddress?: string}
  init: boolean
  memoryHardLimitMB?: number
  cpuHardLimit: boolean
}

export function readDockerConfig(task: string, raw: Record<string, unknown>): DockerTaskConfig {
  const fail = (field: string, what: string): never => {
    throw new DriverError('docker', `task "${task}": config.${field} ${what}`)
  }
  const str = (field: string): string | undefined => {
    const v = raw[field]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') fail(field, `must be a string (got ${JSON.stringify(v)})`)
    return v as string
  }
  const strList = (field: string): string[] | undefined => {
    const v = raw[field]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) fail(field, 'must be a list of strings')
    return (v as unknown[]).map(String)
  }
  const bool = (field: string): boolean => {
    const v = raw[field]
    if (v === undefined || v === null) return false
    if (typeof v !== 'boolean') fail(field, `must be true or false (got ${JSON.stringify(v)})`)
    return v as boolean
  }
  const image = str('image')
  if (!image) fail('image', 'is missing; name the image to run, e.g. image = "zdev/whoami:dev"')
  const mhl = raw.memory_hard_limit
  if (mhl !== undefined && (typeof mhl !== 'number' || !(mhl > 0))) fail('memory_hard_limit', 'must be a positive number of MB')
  return {
    image: image!,
    command: str('command'),
    args: strList('args') ?? [],
    entrypoint: strList('entrypoint'),
    workDir: str('work_dir'),
    labels: flatMap(raw.labels, () => fail('labels', 'must be a map of strings, e.g. labels { team = "web" }')),
    ports: strList('ports') ?? [],
    networkMode: str('network_mode'),
    volumes: (strList('volumes') ?? []).map((v, i) => parseVolume(v, () => fail(`volumes[${i}]`, `"${v}" is not "host_path:container_path[:ro|rw]" with an absolute container path`))),
    mounts: readMounts(raw.mount, fail),
    forcePull: bool('force_pull'),
    auth: readAuth(raw.auth, () => fail('auth', 'must be a block with username, password (and optionally server_address)')),
    init: bool('init'),
    memoryHardLimitMB: mhl as number | undefined,
    cpuHardLimit: bool('cpu_hard_limit'),
  }
}

/** "host:container[:ro|rw]"; the host side may be relative (to the task dir). */
export function parseVolume(v: string, bad: () => never): {source: string; target: string; readonly: boolean} {
  const parts = v.split(':')
  if (parts.length < 2 || parts.length > 3) bad()
  const [source, target, mode] = parts as [string, string, string | undefined]
  if (!source || !target.startsWith('/')) bad()
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') bad()
  return {source, target, readonly: mode === 'ro'}
}

function readMounts(v: unknown, fail: (field: string, what: string) => never): DockerMount[] {
  if (v === undefined || v === null) return []
  const list = Array.isArray(v) ? v : [v]
  return list.map((m, i) => {
    if (!m || typeof m !== 'object') return fail(`mount[${i}]`, 'must be a block')
    const o = m as Record<string, unknown>
    const type = (o.type ?? 'volume') as string
    if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') return fail(`mount[${i}].type`, `"${type}" is not one of bind, volume, tmpfs`)
    const target = o.target
    if (typeof target !== 'string' || !target.startsWith('/')) return fail(`mount[${i}].target`, 'must be an absolute path inside the container')
    const source = o.source ?? ''
    if (typeof source !== 'string' || (type !== 'tmpfs' && !source)) return fail(`mount[${i}].source`, `is missing; a ${type} mount needs a source`)
    return {type, source, target, readonly: o.readonly === true}
  })
}

/** HCL blocks arrive as a list of maps; a map attribute arrives as a map. */
function flatMap(v: unknown, bad: () => never): Record<string, string> {
  if (v === undefined || v === null) return {}
  const maps = Array.isArray(v) ? v : [v]
  const out: Record<string, string> = {}
  for (const m of maps) {
    if (!m || typeof m !== 'object' || Array.isArray(m)) bad()
    for (const [k, x] of Object.entries(m as Record<string, unknown>)) {
      if (typeof x === 'object' && x !== null) bad()
      out[k] = String(x)
    }
  }
  return out
}

function readAuth(v: unknown, bad: () => never): DockerTaskConfig['auth'] {
  if (v === undefined || v === null) return undefined
  const m = flatMap(v, bad)
  return {username: m.username, password: m.password, email: m.email, serveraddress: m.server_address}
}
