import {UserError} from '../lib/errors.js'
import {Store} from '../store/store.js'
import {loadPlatform} from './load.js'
import {readKvCredentials} from '../kv/credentials.js'
import {readState, type PlatformState} from './state.js'
import {isProcessAlive} from './process-alive.js'
import type {Platform} from './types.js'

export interface ClusterConnection {
  platform: Platform
  state: PlatformState
  store: Store
  close(): void
}

/** The running cluster of a platform file: its state and a store on its etcd members. */
export async function connectCluster(file: string, opts: {timeoutMs?: number} = {}): Promise<ClusterConnection> {
  const platform = await loadPlatform(file)
  const state = await readState(platform.stateDir)
  const endpoints = state?.components.filter((c) => c.kind === 'etcd').flatMap((c) => c.endpoints) ?? []
  if (!state || endpoints.length === 0) {
    throw new UserError(`Cluster "${platform.name}" (${platform.file}) is not running here.`, {code: 'not_running', hint: `start it with \`zdev up -f ${file}\`.`})
  }
  // Down: every member was stopped (pid cleared, stoppedAt set) or its recorded process died.
  const down = (c: PlatformState['components'][number]) => (c.pid === null ? c.stoppedAt !== null : !isProcessAlive(c.pid, c))
  if (state.components.filter((c) => c.kind === 'etcd').every(down)) {
    throw new UserError(`Cluster "${platform.name}" (${platform.file}) is down: none of its etcd members runs.`, {code: 'not_running', hint: `start it with \`zdev up -f ${file}\`.`})
  }
    const store = Store.connect(endpoints, platform.name, opts.timeoutMs ?? 2000, readKvCredentials(platform.stateDir)?.zdev)
  return {platform, state, store, close: () => store.close()}
}

/** Run `fn` with a connection and always close it. */
export async function withCluster<T>(file: string, fn: (c: ClusterConnection) => Promise<T>): Promise<T> {
  const c = await connectCluster(file)
  try {
    return await fn(c)
  } finally {
    c.close()
  }
}
