import {removeLabelled} from '../drivers/docker-cleanup.js'
import {findDaemon, type DaemonProbe} from '../drivers/docker-host.js'
import {UserError} from '../lib/errors.js'
import {buildLocalImage} from './image-build.js'
import type {Reporter} from './progress.js'
import type {Platform} from './types.js'

// The platform's side of Docker: which runtime `auto` resolves to, the check that
// `runtime: docker` has a daemon, and removal of a cluster's containers by label.

export interface RuntimeChoice {
  runtime: 'process' | 'docker'
  why: string
  daemon: DaemonProbe | null
}

/** process → process; docker → docker (a daemon must answer); auto → docker where a daemon answers. */
export async function resolveRuntime(p: Pick<Platform, 'runtime'> & {kv?: Pick<Platform['kv'], 'image'>}, probe: () => Promise<DaemonProbe> = () => findDaemon()): Promise<RuntimeChoice> {
  if (p.runtime === 'process') return {runtime: 'process', why: 'the file says `runtime: process`: tasks run as processes, docker tasks are not offered', daemon: null}
  const d = await probe()
  if (d.ok) return {runtime: 'docker', why: `${p.runtime === 'auto' ? '`runtime: auto` and ' : ''}Docker ${d.version} answers at ${d.host} (${d.source}): nodes offer the docker driver${p.runtime === 'docker' ? `, and the etcd members run as containers of ${p.kv?.image ?? 'zdev/etcd:local (made from the host\'s etcd)'}` : '; etcd members run as processes'}`, daemon: d}
  const tried = d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')
  if (p.runtime === 'auto') return {runtime: 'process', why: `\`runtime: auto\` and no Docker daemon answers (${tried}): nodes offer raw_exec and exec only`, daemon: d}
  return {runtime: 'docker', why: `no Docker daemon answers (${tried})`, daemon: d}
}

/** `runtime: docker` without a daemon is refused before anything starts. */
export async function checkDockerRuntime(p: Platform, file: string): Promise<void> {
  if (p.runtime !== 'docker') return
  const c = await resolveRuntime(p)
  if (c.daemon && !c.daemon.ok) {
    throw new UserError(`${file}: runtime "docker" needs a Docker daemon, and ${c.why}`, {code: 'docker_unavailable', field: 'runtime', hint: `${c.daemon.hint}; or use \`runtime: auto\` (\`zdev doctor\` shows what it finds)`})
  }
}

/** Force-removes every container of this cluster (this state dir), even after a crash. */
export async function removeClusterContainers(p: Platform): Promise<string[]> {
  const d = await findDaemon({timeoutMs: 1500})
  if (!d.ok) return []
  return removeLabelled(d.docker, {'zdev.cluster': p.name, 'zdev.state': p.stateDir})
}

/** Builds the file's `images:` into the local daemon (none answering under `auto`: skipped, docker jobs cannot place). */
export async function buildPlatformImages(p: Platform, reporter: Reporter): Promise<string[]> {
  if (!p.images.length || p.runtime === 'process') return []
  const d = await findDaemon()
  if (!d.ok) return []
  for (const img of p.images) {
    const name = `image ${img.tag}`
    const t = performance.now()
    reporter({name, phase: 'running'})
    try {
      const r = await buildLocalImage(img.context, {tag: img.tag, dockerfile: img.dockerfile, buildArgs: img.buildArgs})
      reporter({name, phase: 'done', ms: Math.round(performance.now() - t), detail: r.madeBase ? `made ${r.madeBase} first` : undefined})
    } catch (err) {
      reporter({name, phase: 'failed', ms: Math.round(performance.now() - t), detail: err instanceof Error ? err.message : String(err)})
      throw err
    }
  }
  return p.images.map((i) => i.tag)
}
