import {clusterStateOf, type ClusterState} from '../store/cluster-state.js'
import {withKvError} from '../store/kv-errors.js'
import type {Store, WatchEvent} from '../store/store.js'

// The cluster's keys kept current in this process by one prefix watch, for a wait that looks at
// the state on every change (`up`'s "jobs running"): one read, then the watch's events, instead of
// reading the whole prefix again on each of the dozens of changes while tasks start (each read
// costs etcd's JSON gateway and this process CPU the starting tasks need). Read again in full
// when older than `refreshMs`, so a missed event cannot leave it wrong for long.

type Entry = {key: string; value: string; modRevision: number}

export interface StateMirror {
  /** The state as of the last read and the events after it; reads again when stale. */
  state(): Promise<ClusterState>
  /** Called after each batch of changes (to check again). */
  onChange(fn: () => void): () => void
  close(): Promise<void>
}

export async function mirrorClusterState(store: Store, refreshMs = 1000): Promise<StateMirror> {
  const kvs = new Map<string, Entry>()
  let revision = 0
  let readRevision = 0
  let readAt = 0
  // events that arrive while a read is out: applied after it, those newer than it
  let during: WatchEvent[] | null = null
  const listeners = new Set<() => void>()
  const apply = (e: WatchEvent) => {
    // a read at this event's revision or later already holds it (a txn's events share one revision)
    if (e.revision <= readRevision) return
    if (e.type === 'put') kvs.set(e.key, {key: e.key, value: e.value!, modRevision: e.revision})
    else kvs.delete(e.key)
    revision = Math.max(revision, e.revision)
  }
  const read = async () => {
    during = []
    try {
      const res = await withKvError('read the cluster state', store.timeoutMs, () => store.client.prefix(store.keys.prefix))
      kvs.clear()
      for (const kv of res.kvs) kvs.set(kv.key, kv)
      revision = readRevision = res.revision
      readAt = performance.now()
      for (const e of during) apply(e)
    } finally {
      during = null
    }
  }
  await read()
  const cancel = await store.watch(
    store.keys.prefix,
    (e) => {
      if (during) during.push(e)
      else apply(e)
      for (const fn of listeners) fn()
    },
    readRevision,
  )
  return {
    async state() {
      if (performance.now() - readAt > refreshMs) await read()
      // in key order, as a read returns them (a watch adds new keys in the order they were written)
      return clusterStateOf([...kvs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), revision, store.keys)
    },
    onChange(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    close: cancel,
  }
}
