import {findTaskGroups, taskLabels} from '../lib/proc.js'

/**
 * Kill the task process groups an earlier agent of this node left behind (when the agent and
 * its watchdog die together the tasks live on under init; a new agent would run them twice).
 * Returns the groups killed.
 */
export async function killOrphanTasks(cluster: string, node: string, nodeDir: string): Promise<number[]> {
  const groups = findTaskGroups(taskLabels(cluster, node, nodeDir))
  for (const g of groups) {
    try {
      process.kill(-g.pgid, 'SIGKILL')
    } catch {
      for (const pid of g.pids) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone already
        }
      }
    }
  }
  return groups.map((g) => g.pgid)
}
