import type {Inventory} from './types.js'

// What a fault must not lose: compared before and after the run. Pure.

/** KV tables whose keys are durable state (not leases, not scheduler bookkeeping). */
export const DURABLE_TABLES = ['jobs/', 'job-versions/', 'variables/', 'data/', 'node-drain/', 'periodic/'] as const

export interface InventoryLoss {
  jobs: string[]
  allocations: string[]
  kvKeys: string[]
}

export function compareInventories(before: Inventory, after: Inventory): InventoryLoss {
  const jobs = Object.keys(before.jobs).filter((id) => !(id in after.jobs)).sort()
  const allocations = Object.entries(before.running)
    .filter(([g, n]) => (after.running[g] ?? 0) < n)
    .map(([g, n]) => `${g}: ${n} running before, ${after.running[g] ?? 0} after`)
    .sort()
  const now = new Set(after.kvKeys)
  const kvKeys = before.kvKeys.filter((k) => !now.has(k)).sort()
  return {jobs, allocations, kvKeys}
}

export function lossCount(l: InventoryLoss): number {
  return l.jobs.length + l.allocations.length + l.kvKeys.length
}
