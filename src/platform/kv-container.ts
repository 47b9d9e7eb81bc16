import {existsSync} from 'node:fs'
import path from 'node:path'
import {bounded, findDaemon} from '../drivers/docker-host.js'
import {ensureImage} from '../drivers/docker-image.js'
import {UserError} from '../lib/errors.js'
import {etcdContainerSpec, kvLabels} from '../kv/etcd-container-spec.js'
import {ensureEtcdImage, ETCD_LOCAL_TAG} from '../kv/etcd-image.js'
import type {EtcdClusterConfig, EtcdMemberConfig} from '../kv/etcd-args.js'
import type {Reporter} from './progress.js'
import type {ProcessSpec} from './spec.js'
import {componentName, type Platform} from './types.js'

// `runtime: docker` runs the etcd members as containers. The plan's etcd step stays a process
// spec — the member's keeper (kv/etcd-container-main.ts) — so state.json, the supervisor,
// `down`, `kv stop|start` and the identity checks need no second code path.

export interface KvContainerInputs {
  /** dist/kv/etcd-container-main.js */
  entry: string
  image: string
}

/** The keeper script beside the agent entry (dist/agent.js → dist/kv/etcd-container-main.js). */
export function kvContainerEntry(agentEntry: string): string {
  return path.join(path.dirname(agentEntry), 'kv', 'etcd-container-main.js')
}

/** Start member as container: the process spec of `spec`'s member, run through its keeper. */
export function asContainerMember(spec: ProcessSpec, p: Pick<Platform, 'name' | 'stateDir'>, cluster: EtcdClusterConfig, m: EtcdMemberConfig, kc: KvContainerInputs, nodeBin = process.execPath): ProcessSpec {
  const env = {ZDEV_CLUSTER: p.name, ZDEV_COMPONENT: m.name}
  const c = etcdContainerSpec({cluster: p.name, stateDir: p.stateDir, image: kc.image, env}, cluster, m)
  return {...spec, command: nodeBin, args: [kc.entry, JSON.stringify(c)]}
}

/**
 * Under `runtime: docker`: makes (or pulls) the members' image and names the keeper; under
 * any other runtime: undefined (members are processes).
 */
export async function kvContainerInputs(p: Platform, etcdBin: string, agentEntry: string, reporter: Reporter): Promise<KvContainerInputs | undefined> {
  if (p.runtime !== 'docker') return undefined
  checkNoProcessData(p)
  const entry = kvContainerEntry(agentEntry)
  if (!existsSync(entry)) throw new UserError(`runtime "docker" runs etcd through ${entry}, which does not exist`, {code: 'kv_container_missing', hint: 'run `npm run build`'})
  const d = await findDaemon()
  if (!d.ok) throw new UserError(`runtime "docker" needs a Docker daemon for the etcd members: ${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')}`, {code: 'docker_unavailable', hint: d.hint})
  const image = p.kv.image ?? ETCD_LOCAL_TAG
  const name = `image ${image}`
  const t = performance.now()
  reporter({name, phase: 'running'})
  try {
    const made = p.kv.image ? await ensureImage(d.docker, {image, forcePull: false}).then(() => false) : (await ensureEtcdImage(d.docker, etcdBin)).built
    reporter({name, phase: 'done', ms: Math.round(performance.now() - t), detail: made ? `made from ${etcdBin}` : 'present'})
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    reporter({name, phase: 'failed', ms: Math.round(performance.now() - t), detail: msg})
    throw new UserError(`${p.file}: the etcd image ${image}: ${msg}`, {code: 'kv_image_failed', field: 'kv.image', hint: p.kv.image ? 'build or pull it, or remove kv.image to use an image made from the host\'s etcd' : 'check `ldd $(which etcd)`'})
  }
  return {entry, image}
}

/**
 * Members that ran as processes keep their data in the state dir; as containers they would start
 * from empty volumes (a new, empty KV under the old credentials). Refused, with the ways out.
 */
export function checkNoProcessData(p: Pick<Platform, 'kv' | 'stateDir' | 'file'>): void {
  const names = Array.from({length: p.kv.members}, (_, i) => componentName('etcd', i))
  const had = names.filter((n) => existsSync(path.join(p.stateDir, n, 'data', 'member')))
  if (!had.length) return
  throw new UserError(`${p.file}: runtime "docker" runs etcd in containers, but ${had.join(', ')} ${had.length === 1 ? 'has' : 'have'} data from runs as processes (${path.join(p.stateDir, had[0]!, 'data')}); the containers would start an empty KV`, {
    code: 'runtime_changed', field: 'runtime', hint: 'set the runtime back (`runtime: auto` keeps etcd as processes), or run `zdev down --purge` to start over in containers (the data is lost)',
  })
}

/** `down --purge`: the members' data volumes go with the state dir. */
export async function removeKvVolumes(p: Pick<Platform, 'name' | 'stateDir'>): Promise<string[]> {
  const d = await findDaemon({timeoutMs: 1500})
  if (!d.ok) return []
  const labels = kvLabels(p.name, p.stateDir)
  const list = await bounded(d.docker.listVolumes({filters: {label: Object.entries(labels).map(([k, v]) => `${k}=${v}`)}}), 10_000)
  const names = (list.Volumes ?? []).map((v) => v.Name)
  await Promise.all(names.map((n) => bounded(d.docker.getVolume(n).remove(), 15_000).catch((err) => {
    if ((err as {statusCode?: number}).statusCode !== 404) throw new UserError(`cannot remove the etcd volume ${n}: ${(err as Error).message}`, {code: 'docker_failed'})
  })))
  return names
}
