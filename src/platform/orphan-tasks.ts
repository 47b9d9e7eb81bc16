import path from 'node:path'
import {findByEnv, TASK_LABELS} from '../lib/proc.js'
import {isProcessAlive} from './process-alive.js'
import type {PlatformState} from './state.js'

export interface OrphanTasks {
  node: string
  pids: number[]
}

/**
 * Task processes labelled with one of this cluster's nodes whose node agent is not running
 * (the agent and its watchdog died together). The node agent kills them when it starts.
 */
export function findOrphanTasks(cluster: string, stateDir: string, state: PlatformState | undefined): OrphanTasks[] {
  const nodesDir = path.join(stateDir, 'nodes') + path.sep
  const byNode = new Map<string, number[]>()
  for (const {pid, env} of findByEnv({[TASK_LABELS.cluster]: cluster})) {
    if (!env.get(TASK_LABELS.nodeDir)?.startsWith(nodesDir)) continue
    const node = env.get(TASK_LABELS.node) ?? '?'
    byNode.set(node, [...(byNode.get(node) ?? []), pid])
  }
  const out: OrphanTasks[] = []
  for (const [node, pids] of byNode) {
    const c = state?.components.find((x) => x.name === node)
    if (!c || !isProcessAlive(c.pid, c)) out.push({node, pids: pids.sort((a, b) => a - b)})
  }
  return out.sort((a, b) => a.node.localeCompare(b.node))
}
