import type {EventRecord} from './cluster-state.js'
import type {Store} from './store.js'

const KEEP = 300

/** Append to the cluster's short event log (shown by status and the dashboard). Best effort. */
export async function appendEvent(store: Store, kind: string, message: string, now: number): Promise<void> {
  const rec: EventRecord = {Time: now, Kind: kind, Message: message}
  const suffix = Math.floor(now % 1000).toString().padStart(3, '0') + process.pid.toString(36)
  try {
    await store.put(`${store.keys.events}${String(now).padStart(15, '0')}-${suffix}`, rec)
  } catch {
    // the event log must never make a caller fail
  }
}

/** Keep only the newest events (run by the leader now and then). */
export async function trimEvents(store: Store): Promise<void> {
  const l = await store.list<EventRecord>(store.keys.events)
  if (l.items.length <= KEEP) return
  const old = l.items.sort((a, b) => a.key.localeCompare(b.key)).slice(0, l.items.length - KEEP)
  for (const e of old) await store.delete(e.key)
}
