import type {Driver} from './driver.js'
import {createDockerDriver} from './docker-driver.js'
import type {NodeLabels} from './docker-spec.js'
import {createExecDriver} from './exec.js'
import {createRawExecDriver} from './raw-exec.js'

export * from './driver.js'
export {createRawExecDriver} from './raw-exec.js'
export {createExecDriver} from './exec.js'
export {createDockerDriver, type DockerDriver} from './docker-driver.js'

/** The drivers a node agent offers, keyed by the name jobs use in `driver = "…"`. */
export function createLocalDrivers(): Record<string, Driver> {
  return {raw_exec: createRawExecDriver(), exec: createExecDriver()}
}

/**
 * The drivers named in `names` (a node's `drivers:` list). The docker driver needs the labels
 * that tie its containers to this node and cluster; it is advertised only once a daemon answers.
 */
export function createDrivers(names: readonly string[], docker: {labels: NodeLabels; env?: Record<string, string | undefined>}): Record<string, Driver> {
  const make: Record<string, () => Driver> = {
    raw_exec: () => createRawExecDriver(),
    exec: () => createExecDriver(),
    docker: () => createDockerDriver(docker),
  }
  const out: Record<string, Driver> = {}
  for (const n of names) {
    const f = make[n]
    if (!f) throw new Error(`unknown task driver "${n}" (known: ${Object.keys(make).join(', ')})`)
    out[n] = f()
  }
  return out
}
