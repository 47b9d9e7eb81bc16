import {mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// The clusters this user brought up on this machine, in the user's state dir
// ($XDG_STATE_HOME/zdev, else ~/.local/state/zdev): which platform files exist and which one
// was brought up last, so commands run from any folder find their cluster.

export interface KnownCluster {
  name: string
  /** Absolute path of the platform file. */
  file: string
  stateDir: string
  lastUp: string
}

export interface KnownClusters {
  version: 1
  /** Absolute platform file of the cluster last brought up. */
  last: string | null
  clusters: KnownCluster[]
}

type Env = Record<string, string | undefined>

export function userStateDir(env: Env = process.env): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || os.homedir(), '.local', 'state')
  return path.join(base, 'zdev')
}

export function knownClustersFile(env: Env = process.env): string {
  return path.join(userStateDir(env), 'clusters.json')
}

/** The registry; an unreadable or foreign file reads as empty (it is only a convenience). */
export async function readKnownClusters(env: Env = process.env): Promise<KnownClusters> {
  try {
    const k = JSON.parse(await readFile(knownClustersFile(env), 'utf8')) as KnownClusters
    if (k.version === 1 && Array.isArray(k.clusters)) return {version: 1, last: k.last ?? null, clusters: k.clusters.filter((c) => typeof c.file === 'string')}
  } catch {
    // missing or not ours
  }
  return {version: 1, last: null, clusters: []}
}

/** Pure: the registry after `c` was brought up; entries whose platform file is gone are dropped. */
export function withClusterUp(k: KnownClusters, c: KnownCluster, exists: (f: string) => boolean = existsSync): KnownClusters {
  const rest = k.clusters.filter((x) => x.file !== c.file && exists(x.file))
  return {version: 1, last: c.file, clusters: [...rest, c].sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file))}
}

export async function recordClusterUp(c: Omit<KnownCluster, 'lastUp'>, env: Env = process.env, now = new Date()): Promise<void> {
  const file = knownClustersFile(env)
  const next = withClusterUp(await readKnownClusters(env), {...c, file: path.resolve(c.file), lastUp: now.toISOString()})
  await mkdir(path.dirname(file), {recursive: true, mode: 0o700})
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(next, null, 2) + '\n')
  await rename(tmp, file)
}
