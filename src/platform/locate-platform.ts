import {statSync} from 'node:fs'
import path from 'node:path'
import {UserError} from '../lib/errors.js'
import {readKnownClusters, type KnownCluster} from './known-clusters.js'

// Which platform file a command acts on: -f FILE; else zdev.yaml in the current folder or its
// parents (as git and compose look); else $ZDEV_FILE; else the cluster last brought up.

export const PLATFORM_FILE = 'zdev.yaml'

export type PlatformSource = 'flag' | 'folder' | 'env' | 'last'

export interface LocatedPlatform {
  file: string
  source: PlatformSource
}

type Env = Record<string, string | undefined>

/** The nearest `zdev.yaml` in `cwd` or one of its parents. */
export function findUp(cwd: string, name = PLATFORM_FILE, isFile: (f: string) => boolean = fileExists): string | undefined {
  let dir = path.resolve(cwd)
  for (;;) {
    const f = path.join(dir, name)
    if (isFile(f)) return f
    const up = path.dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

export async function locatePlatform(opts: {flag?: string; cwd?: string; env?: Env} = {}): Promise<LocatedPlatform> {
  const env = opts.env ?? process.env
  const cwd = opts.cwd ?? process.cwd()
  if (opts.flag) return {file: opts.flag, source: 'flag'}
  const near = findUp(cwd)
  if (near) return {file: path.relative(cwd, near) || near, source: 'folder'}
  if (env.ZDEV_FILE) return {file: env.ZDEV_FILE, source: 'env'}
  const known = await readKnownClusters(env)
  if (known.last && fileExists(known.last)) return {file: known.last, source: 'last'}
  throw new UserError(`No platform file here: no ${PLATFORM_FILE} in ${cwd} or its parents, $ZDEV_FILE is not set, and no cluster was brought up before.${describeKnown(known.clusters)}`, {
    code: 'no_platform',
    hint: `run \`zdev init\` to scaffold one here, or pass -f FILE (e.g. -f fixtures/zdev.yaml in zdev's repository).`,
  })
}

/** " Known clusters: demo (/x/zdev.yaml), …" for error messages, or "" when none. */
export function describeKnown(clusters: KnownCluster[]): string {
  const live = clusters.filter((c) => fileExists(c.file))
  if (live.length === 0) return ''
  return ` Known clusters: ${live.map((c) => `${c.name} (${c.file})`).join(', ')}; \`zdev clusters\` shows their state.`
}

function fileExists(f: string): boolean {
  try {
    return statSync(f).isFile()
  } catch {
    return false
  }
}

