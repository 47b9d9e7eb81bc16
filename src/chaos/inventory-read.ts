import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {DURABLE_TABLES} from './inventory.js'
import type {Inventory} from './types.js'

/** Jobs (with versions), running allocations per job/group, and the durable KV keys, now. */
export async function readInventory(store: Store): Promise<Inventory> {
  const st = await readClusterState(store)
  const jobs: Record<string, number> = {}
  for (const [id, j] of Object.entries(st.jobs)) jobs[id] = j.Version ?? 0
  const running: Record<string, number> = {}
  for (const a of st.allocs) {
    if (a.DesiredStatus !== 'run' || a.ClientStatus !== 'running') continue
    const g = `${a.JobID}/${a.TaskGroup}`
    running[g] = (running[g] ?? 0) + 1
  }
  const kvKeys: string[] = []
  for (const t of DURABLE_TABLES) kvKeys.push(...(await store.listRaw(store.keys.prefix + t, {keysOnly: true})).kvs.map((kv) => kv.key))
  return {jobs, running, kvKeys: kvKeys.sort()}
}
