import {execFileSync} from 'node:child_process'
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Docker from 'dockerode'
import {importRootfs, ImageBuildError} from './docker-build.js'

// A Node base image made on this machine, without a registry: the host's own `node` binary,
// the shared libraries `ldd` lists, the dynamic loader, an empty /tmp and the CA bundle.
// Dockerfiles that say `FROM node:20-alpine` build offline with `--build-arg BASE=zdev/node:local`
// (the samples' Dockerfile takes BASE as an argument). Linux only: the binary is the host's.

export const NODE_BASE_TAG = 'zdev/node:local'
const VERSION_LABEL = 'zdev.node.version'

/** Imports the base image unless one from this very node version is already there. */
export async function ensureNodeBaseImage(docker: Docker, tag = NODE_BASE_TAG): Promise<{tag: string; built: boolean}> {
  const have = await docker.getImage(tag).inspect().catch(() => null)
  if (have?.Config?.Labels?.[VERSION_LABEL] === process.version) return {tag, built: false}
  if (process.platform !== 'linux') throw new ImageBuildError(`a node base image is made from the host's node binary, which only works on Linux; use FROM node:20-alpine with a registry instead`)
  const root = mkdtempSync(path.join(os.tmpdir(), 'zdev-node-rootfs-'))
  try {
    stageNodeRootfs(root)
    await importRootfs(docker, root, tag, [
      'ENV PATH=/usr/local/bin:/usr/bin:/bin',
      'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt',
      `LABEL ${VERSION_LABEL}=${process.version}`,
      'CMD ["node"]',
    ])
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
  return {tag, built: true}
}

export function stageNodeRootfs(root: string): void {
  stageBinaryRootfs(root, process.execPath, 'usr/local/bin/node')
  const ca = '/etc/ssl/certs/ca-certificates.crt'
  if (existsSync(ca)) put(ca, path.join(root, ca))
}

/** A rootfs holding the host binary `bin` at `target` (relative), its shared libraries, the loader and /tmp. */
export function stageBinaryRootfs(root: string, bin: string, target: string): void {
  const real = realpathSync(bin)
  put(real, path.join(root, target))
  for (const lib of sharedLibraries(real)) put(lib, path.join(root, lib))
  mkdirSync(path.join(root, 'tmp'), {recursive: true})
  chmodSync(path.join(root, 'tmp'), 0o1777)
}

/** Absolute paths from `ldd`: "libc.so.6 => /lib/…/libc.so.6 (0x…)" and "/lib64/ld-linux… (0x…)". */
export function parseLdd(out: string): string[] {
  const libs: string[] = []
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s*\(/.exec(line)
    if (m) libs.push(m[1]!)
  }
  return libs
}

function sharedLibraries(bin: string): string[] {
  try {
    return parseLdd(execFileSync('ldd', [bin], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}))
  } catch (err) {
    // A static binary (official etcd releases are) has no libraries to copy.
    const out = `${(err as {stdout?: string}).stdout ?? ''}${(err as {stderr?: string}).stderr ?? ''}`
    if (/not a dynamic executable|statically linked/.test(out)) return []
    throw new ImageBuildError(`cannot list the libraries of ${bin} with ldd: ${(err as Error).message}`)
  }
}

function put(from: string, to: string): void {
  mkdirSync(path.dirname(to), {recursive: true})
  copyFileSync(realpathSync(from), to)
  chmodSync(to, 0o755)
}
