// Watching a drain until nothing that must move is left on the node (`zdev node drain`
// without --detach), reporting each allocation as it stops.
import {isTerminal} from '../model/index.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {sleep} from './clock.js'
import {formatTime, shortId} from './format.js'

export interface DrainMonitorOptions {
  timeoutMs: number
  pollMs?: number
  signal?: AbortSignal
  now?: () => number
  onLine?: (line: string) => void
}

export type DrainOutcome = 'complete' | 'timeout' | 'interrupted'

/**
 * Allocations the drain must still move off the node: those the scheduler has not replaced yet
 * and those told to stop whose tasks are still running there.
 */
export function allocsToMove(st: ClusterState, nodeId: string): {id: string; name: string}[] {
  const node = st.nodes.find((n) => n.ID === nodeId)
  const ignoreSystem = node?.DrainStrategy?.IgnoreSystemJobs ?? false
  return st.allocs
    .filter((a) => a.NodeID === nodeId && (!isTerminal(a) || a.ClientStatus === 'pending' || a.ClientStatus === 'running'))
    .filter((a) => !(ignoreSystem && ['system', 'sysbatch'].includes(st.jobs[a.JobID]?.Type ?? '')))
    .map((a) => ({id: a.ID, name: a.Name}))
}

export async function monitorDrain(store: Store, nodeId: string, opts: DrainMonitorOptions): Promise<DrainOutcome> {
  const now = opts.now ?? Date.now
  const say = (s: string) => opts.onLine?.(`${formatTime(now())}: ${s}`)
  const deadline = now() + opts.timeoutMs
  let seen = new Map<string, string>()
  let first = true
  for (;;) {
    const left = allocsToMove(await readClusterState(store), nodeId)
    const ids = new Set(left.map((a) => a.id))
    for (const [id, name] of seen) if (!ids.has(id)) say(`Alloc "${shortId(id)}" (${name}) has stopped`)
    if (first) say(`Node "${shortId(nodeId)}" has ${left.length} allocation(s) to migrate`)
    first = false
    seen = new Map(left.map((a) => [a.id, a.name]))
    if (left.length === 0) {
      say(`Drain complete for node ${shortId(nodeId)}`)
      return 'complete'
    }
    if (opts.signal?.aborted) return 'interrupted'
    if (now() > deadline) return 'timeout'
    await sleep(opts.pollMs ?? 250, opts.signal)
  }
}
