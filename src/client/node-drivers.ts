import path from 'node:path'
import {createDrivers, type DockerDriver, type Driver} from '../drivers/index.js'
import {removeLabelled} from '../drivers/docker-cleanup.js'
import type {NodeLabels} from '../drivers/docker-spec.js'

// The drivers of one node agent: the platform file's `nodes[].drivers` (raw_exec and exec by
// default), each fingerprinted by the agent. Before a docker node offers anything, it removes
// containers a previous agent of this node left behind (its watchdog killed with it).

export interface NodeDriverOptions {
  cluster: string
  name: string
  /** This node's folder: <cluster state dir>/nodes/<name>. */
  stateDir: string
  drivers?: string[]
  /** The docker driver's environment (DOCKER_HOST); default the agent's own. */
  dockerEnv?: Record<string, string | undefined>
  /** How often the node fingerprints its drivers again (default 15 s, as Nomad's docker driver). */
  fingerprintIntervalMs?: number
}

export const DEFAULT_NODE_DRIVERS = ['raw_exec', 'exec']

export function nodeLabels(o: NodeDriverOptions): NodeLabels {
  return {'zdev.cluster': o.cluster, 'zdev.node': o.name, 'zdev.state': path.resolve(o.stateDir, '..', '..')}
}

export async function createNodeDrivers(o: NodeDriverOptions, log: (msg: string) => void): Promise<Record<string, Driver>> {
  const labels = nodeLabels(o)
  const drivers = createDrivers(o.drivers ?? DEFAULT_NODE_DRIVERS, {labels, env: o.dockerEnv})
  const docker = drivers.docker as DockerDriver | undefined
  if (docker) {
    const d = await docker.daemon()
    if (d.ok) {
      const removed = await removeLabelled(d.docker, {...labels}).catch((err) => (log(`could not sweep old containers: ${err}`), []))
      if (removed.length) log(`removed ${removed.length} container(s) left by a previous agent: ${removed.join(', ')}`)
      log(`docker ${d.version} at ${d.host}`)
    } else log(`docker driver not offered: ${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')}`)
  }
  return drivers
}

/** One fingerprint per driver, in the registration's shape. */
export type DriverFingerprints = Record<string, {Detected: boolean; Healthy: boolean; attributes: Record<string, string>}>

export async function fingerprintAll(drivers: Record<string, Driver>): Promise<DriverFingerprints> {
  const out: DriverFingerprints = {}
  for (const [name, d] of Object.entries(drivers)) {
    const fp = await d.fingerprint()
    out[name] = {Detected: fp.detected, Healthy: fp.healthy, attributes: fp.attributes}
  }
  return out
}

export interface FingerprintWatch {
  /** Fingerprint now (a driver reported trouble); repeated pokes coalesce. */
  poke(): void
  stop(): void
}

/**
 * Fingerprints the drivers again every `intervalMs` and when poked (a docker start failed for
 * the daemon's sake), as Nomad's client does; `onChange` gets the new set only when something
 * changed (a daemon that appeared, went away, or was upgraded).
 */
export function watchFingerprints(drivers: Record<string, Driver>, initial: DriverFingerprints, onChange: (fps: DriverFingerprints, changed: string[]) => Promise<void>, log: (msg: string) => void, intervalMs = 15_000): FingerprintWatch {
  let last = initial
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  const run = (): void => {
    if (stopped) return
    if (running) return void (again = true)
    running = (async () => {
      const now = await fingerprintAll(drivers)
      const changed = Object.keys(now).filter((n) => JSON.stringify(now[n]) !== JSON.stringify(last[n]))
      if (changed.length && !stopped) {
        await onChange(now, changed)
        last = now
      }
    })()
      .catch((err) => log(`fingerprint failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null
        if (again) {
          again = false
          run()
        }
      })
  }
  const timer = setInterval(run, intervalMs)
  timer.unref()
  const docker = drivers.docker as DockerDriver | undefined
  if (docker) docker.onDaemonError = run
  return {
    poke: run,
    stop() {
      stopped = true
      clearInterval(timer)
      if (docker) docker.onDaemonError = null
    },
  }
}
