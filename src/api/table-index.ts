import type {Store} from '../store/store.js'

// Nomad's X-Nomad-Index is the raft index of the last change to the tables an endpoint reads.
// Ours is the etcd revision of the last change (put or delete) under the KV prefixes an
// endpoint reads ("tables": jobs, allocs, alloc-status …). One watch per server keeps the
// latest revision of every table, so a blocking query wakes on the event, not by polling.

/** The table of a key: its first segment under the cluster prefix. */
export function tableOf(prefix: string, key: string): string | null {
  if (!key.startsWith(prefix)) return null
  const rest = key.slice(prefix.length)
  const slash = rest.indexOf('/')
  return slash < 0 ? rest : rest.slice(0, slash)
}

export class TableIndex {
  private readonly latest = new Map<string, number>()
  private readonly waiters = new Set<{check: () => void; done: () => void}>()
  private cancel: (() => Promise<void>) | null = null

  constructor(private readonly store: Store) {}

  async start(): Promise<void> {
    const p = this.store.keys.prefix
    const all = await this.store.listRaw(p, {keysOnly: true})
    for (const kv of all.kvs) this.bump(tableOf(p, kv.key), kv.modRevision)
    this.cancel = await this.store.watch(p, (e) => this.bump(tableOf(p, e.key), e.revision), all.revision)
  }

  private bump(table: string | null, rev: number): void {
    if (!table) return
    if (rev <= (this.latest.get(table) ?? 0)) return
    this.latest.set(table, rev)
    for (const w of [...this.waiters]) w.check()
  }

  /** The index of what reads `tables`: the newest change among them (at least 1). */
  index(tables: readonly string[]): number {
    let max = 1
    for (const t of tables) max = Math.max(max, this.latest.get(t) ?? 0)
    return max
  }

  /** Resolves once index(tables) > after, or when `ms` pass or the signal aborts. */
  async waitBeyond(tables: readonly string[], after: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.index(tables) > after || signal?.aborted) return
    await new Promise<void>((resolve) => {
      const w = {
        done: () => {
          clearTimeout(timer)
          this.waiters.delete(w)
          signal?.removeEventListener('abort', w.done)
          resolve()
        },
        check: () => {
          if (this.index(tables) > after) w.done()
        },
      }
      const timer = setTimeout(w.done, ms)
      this.waiters.add(w)
      signal?.addEventListener('abort', w.done)
    })
  }

  async stop(): Promise<void> {
    for (const w of [...this.waiters]) w.done()
    await this.cancel?.()
    this.cancel = null
  }
}
