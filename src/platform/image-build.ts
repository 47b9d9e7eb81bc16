import {readFileSync} from 'node:fs'
import path from 'node:path'
import {buildImage, ImageBuildError} from '../drivers/docker-build.js'
import {findDaemon} from '../drivers/docker-host.js'
import {ensureNodeBaseImage, NODE_BASE_TAG} from '../drivers/docker-node-image.js'
import {UserError} from '../lib/errors.js'

// `zdev image build DIR -t name`: a build straight into the host's daemon, where the docker
// driver finds the image (no registry, no load step). A Dockerfile based on zdev/node:local
// gets that base made first from this machine's node (see drivers/docker-node-image.ts).

export interface ImageBuildOptions {
  tag: string
  dockerfile?: string
  buildArgs?: Record<string, string>
  onLine?: (line: string) => void
}

export interface ImageBuildResult {
  tag: string
  id: string
  /** The node base image was made for this build. */
  madeBase: string | null
  ms: number
}

export async function buildLocalImage(dir: string, opts: ImageBuildOptions): Promise<ImageBuildResult> {
  const t0 = performance.now()
  const d = await findDaemon()
  if (!d.ok) {
    throw new UserError(`cannot build ${opts.tag}: no Docker daemon answers (${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')})`, {code: 'docker_unavailable', hint: d.hint})
  }
  const abs = path.resolve(dir)
  try {
    let madeBase: string | null = null
    if (baseOf(abs, opts) === NODE_BASE_TAG) {
      opts.onLine?.(`making ${NODE_BASE_TAG} from this machine's node ${process.version} (once)`)
      if ((await ensureNodeBaseImage(d.docker)).built) madeBase = NODE_BASE_TAG
    }
    const id = await buildImage(d.docker, abs, opts.tag, opts)
    return {tag: opts.tag, id, madeBase, ms: Math.round(performance.now() - t0)}
  } catch (err) {
    if (err instanceof ImageBuildError) throw new UserError(err.message, {code: 'image_build_failed', file: abs})
    throw err
  }
}

/** The image of the Dockerfile's first FROM, with ARG defaults and --build-arg applied. */
export function baseOf(dir: string, opts: Pick<ImageBuildOptions, 'dockerfile' | 'buildArgs'>): string | null {
  let text: string
  try {
    text = readFileSync(path.resolve(dir, opts.dockerfile ?? 'Dockerfile'), 'utf8')
  } catch {
    return null
  }
  const args: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line)
    if (arg) args[arg[1]!] = opts.buildArgs?.[arg[1]!] ?? arg[2] ?? ''
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line)
    if (from) return from[1]!.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => args[n] ?? '')
  }
  return null
}
