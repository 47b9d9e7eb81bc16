import type {Store} from '../store/store.js'
import {compareInventories, lossCount} from './inventory.js'
import {readInventory} from './inventory-read.js'
import type {Inventory} from './types.js'

/** The inventory after the run, read again (bounded) while something still looks lost: allocations converge after the last fault. */
export async function settleInventory(store: Store, before: Inventory, limitMs: number): Promise<Inventory> {
  const until = Date.now() + limitMs
  for (;;) {
    const after = await readInventory(store).catch(() => null)
    if (after && (lossCount(compareInventories(before, after)) === 0 || Date.now() > until)) return after
    if (!after && Date.now() > until) return readInventory(store)
    await new Promise((r) => setTimeout(r, 250))
  }
}
