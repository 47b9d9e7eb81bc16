import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {basename, dirname, isAbsolute, relative, resolve} from 'node:path'
import type {TaskArtifact} from '../../model/index.js'
import {interpolateString} from './interpolate.js'

// `artifact` blocks, the part of go-getter a laptop needs: http(s) URLs and local files
// (absolute paths or file://), saved under the task dir (default local/), tar archives
// unpacked as Nomad does unless `options { archive = false }`. Other getters (git::, s3::,
// gcs::, hg::) are reported, not ignored.

export class ArtifactError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArtifactError'
  }
}

const TAR = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz)$/

export async function fetchArtifacts(artifacts: TaskArtifact[], env: Record<string, string>, taskDir: string, timeoutMs = 60_000): Promise<void> {
  for (const a of artifacts) {
    const source = interpolateString(a.GetterSource, {env})
    const destRel = interpolateString(a.RelativeDest || 'local/', {env})
    const dest = resolve(taskDir, destRel)
    if (relative(dirname(taskDir), dest).startsWith('..')) throw new ArtifactError(`artifact "${source}": destination "${destRel}" escapes the allocation directory`)
    const url = parseSource(source)
    const name = basename(url.pathname) || 'artifact'
    const asFile = a.GetterMode === 'file'
    const target = asFile ? dest : resolve(dest, name)
    mkdirSync(dirname(target), {recursive: true})
    if (url.protocol === 'file:') {
      try {
        copyFileSync(decodeURIComponent(url.pathname), target)
      } catch (err) {
        throw new ArtifactError(`artifact "${source}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`)
      }
    } else {
      await download(source, url, target, timeoutMs)
    }
    const archive = a.GetterOptions?.archive !== 'false' && !asFile && TAR.test(name)
    if (archive) {
      const {execa} = await import('execa') // ~100 modules: loaded by the first archive, not by every node
      const res = await execa('tar', ['-xf', target, '-C', dest], {reject: false, timeout: timeoutMs})
      if (res.exitCode !== 0) throw new ArtifactError(`artifact "${source}": cannot unpack: ${String(res.stderr).trim() || res.shortMessage}`)
    }
  }
}

function parseSource(source: string): URL {
  if (isAbsolute(source)) return new URL(`file://${source}`)
  const forced = /^([a-z0-9]+)::/.exec(source)
  if (forced) throw new ArtifactError(`artifact "${source}": the "${forced[1]}" getter is not supported by zdev (use an http(s) URL or a local file)`)
  let url: URL
  try {
    url = new URL(source)
  } catch {
    throw new ArtifactError(`artifact "${source}": not a URL or absolute path`)
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    throw new ArtifactError(`artifact "${source}": the "${url.protocol.slice(0, -1)}" scheme is not supported by zdev (use an http(s) URL or a local file)`)
  }
  return url
}

async function download(source: string, url: URL, target: string, timeoutMs: number): Promise<void> {
  let res: Response
  try {
    res = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)})
  } catch (err) {
    const e = err as {cause?: {code?: string}; message: string}
    throw new ArtifactError(`artifact "${source}": ${e.cause?.code ?? e.message}`)
  }
  if (!res.ok) throw new ArtifactError(`artifact "${source}": bad response code: ${res.status}`)
  writeFileSync(target, Buffer.from(await res.arrayBuffer()))
}
