import {mkdirSync, mkdtempSync, realpathSync, rmSync, statSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Docker from 'dockerode'
import {importRootfs, ImageBuildError} from '../drivers/docker-build.js'
import {stageBinaryRootfs} from '../drivers/docker-node-image.js'
import {DATA_MOUNT, ETCD_IN_IMAGE} from './etcd-container-spec.js'

// The etcd image of `runtime: docker` without a registry: the host's own etcd binary (the one
// process members run), its libraries and the loader, imported as zdev/etcd:local. Made again
// only when the binary changes. `kv.image` names another image (e.g. the official one) instead.

export const ETCD_LOCAL_TAG = 'zdev/etcd:local'
const SOURCE_LABEL = 'zdev.etcd.source'

/** What identifies the binary an image was made from: its real path, size and mtime. */
export function etcdBinarySource(bin: string): string {
  const real = realpathSync(bin)
  const st = statSync(real)
  return `${real}:${st.size}:${Math.round(st.mtimeMs)}`
}

export async function ensureEtcdImage(docker: Docker, etcdBin: string, tag = ETCD_LOCAL_TAG): Promise<{tag: string; built: boolean}> {
  const source = etcdBinarySource(etcdBin)
  const have = await docker.getImage(tag).inspect().catch(() => null)
  if (have?.Config?.Labels?.[SOURCE_LABEL] === source) return {tag, built: false}
  if (process.platform !== 'linux') throw new ImageBuildError(`the etcd image is made from the host's etcd binary, which only works on Linux; set kv.image to an etcd image (e.g. gcr.io/etcd-development/etcd:v3.5.17)`)
  const root = mkdtempSync(path.join(os.tmpdir(), 'zdev-etcd-rootfs-'))
  try {
    stageBinaryRootfs(root, etcdBin, ETCD_IN_IMAGE.slice(1))
    mkdirSync(path.join(root, DATA_MOUNT.slice(1)), {recursive: true, mode: 0o700})
    await importRootfs(docker, root, tag, [`LABEL ${SOURCE_LABEL}="${source}"`, `ENTRYPOINT ["${ETCD_IN_IMAGE}"]`])
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
  return {tag, built: true}
}
