import {spawn} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import type Docker from 'dockerode'
import {describeDockerError} from './docker-host.js'

// Images without a registry: built or imported straight into the host's daemon, where the
// docker driver finds them (no push, no load step).

export class ImageBuildError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'ImageBuildError'
  }
}

export interface BuildOptions {
  dockerfile?: string
  buildArgs?: Record<string, string>
  /** Each line of the daemon's build output (Step 1/4 …). */
  onLine?: (line: string) => void
}

/** `docker build DIR -t tag` through the API; resolves with the image id. */
export async function buildImage(docker: Docker, dir: string, tag: string, opts: BuildOptions = {}): Promise<string> {
  const st = statSync(dir, {throwIfNoEntry: false})
  if (!st?.isDirectory()) throw new ImageBuildError(`${dir}: not a directory; give the build context (the folder holding the Dockerfile)`)
  const dockerfile = opts.dockerfile ?? 'Dockerfile'
  if (!statSync(path.resolve(dir, dockerfile), {throwIfNoEntry: false})?.isFile()) {
    throw new ImageBuildError(`${path.join(dir, dockerfile)}: no Dockerfile there (use --dockerfile to name another file in the context)`)
  }
  let stream: NodeJS.ReadableStream
  try {
    stream = await docker.buildImage({context: dir, src: readdirSync(dir)}, {t: tag, dockerfile, buildargs: opts.buildArgs, rm: true, forcerm: true})
  } catch (err) {
    throw new ImageBuildError(`building ${tag} from ${dir}: ${describeDockerError(err)}`, {cause: err})
  }
  return followBuild(docker, stream, tag, opts.onLine)
}

function followBuild(docker: Docker, stream: NodeJS.ReadableStream, tag: string, onLine?: (l: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let id = ''
    docker.modem.followProgress(
      stream,
      (err: Error | null, out: {error?: string; aux?: {ID?: string}; stream?: string}[]) => {
        const failed = err?.message ?? out.find((o) => o.error)?.error
        if (failed) return reject(new ImageBuildError(`building ${tag} failed: ${failed.trim()}`))
        resolve(id || tag)
      },
      (ev: {stream?: string; aux?: {ID?: string}}) => {
        if (ev.aux?.ID) id = ev.aux.ID
        for (const l of (ev.stream ?? '').split('\n')) if (l.trim()) onLine?.(l.trimEnd())
      },
    )
  })
}

/** `tar -C dir -c . | docker import - tag` with Dockerfile-like `changes` (ENV, CMD …). */
export async function importRootfs(docker: Docker, dir: string, tag: string, changes: string[] = []): Promise<void> {
  const [repo, t] = splitTag(tag)
  const tar = spawn('tar', ['-C', dir, '-c', '.'], {stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  tar.stderr.on('data', (b: Buffer) => (stderr += b))
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', (e) => reject(new ImageBuildError(`cannot run tar to pack ${dir}: ${e.message}`)))
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new ImageBuildError(`tar failed packing ${dir}: ${stderr.trim()}`))))
  })
  let stream: NodeJS.ReadableStream
  try {
    stream = await docker.importImage(tar.stdout, {repo, tag: t, changes})
  } catch (err) {
    tar.kill()
    throw new ImageBuildError(`importing ${tag}: ${describeDockerError(err)}`, {cause: err})
  }
  await Promise.all([tarDone, followBuild(docker, stream, tag)])
}

export function splitTag(tag: string): [string, string] {
  const slash = tag.lastIndexOf('/')
  const colon = tag.lastIndexOf(':')
  return colon > slash ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, 'latest']
}
