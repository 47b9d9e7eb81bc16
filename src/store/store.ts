import type {Etcd3, IKeyValue, Lease, Watcher} from 'etcd3'
import {createKvClient, type KvClientOptions} from './client.js'
import {keys, type Keys} from './keys.js'
import {withKvError} from './kv-errors.js'

export interface Entry<T> {
  key: string
  value: T
  modRevision: number
}

export interface Listing<T> {
  items: Entry<T>[]
  revision: number // the store revision the listing was read at
}

export interface WatchEvent {
  type: 'put' | 'delete'
  key: string
  value: string | null
  revision: number
}

/** Typed JSON access to one cluster's keys. Every call is bounded by the client's deadline. */
export class Store {
  readonly keys: Keys

  constructor(
    readonly client: Etcd3,
    readonly cluster: string,
    readonly timeoutMs = 2000,
  ) {
    this.keys = keys(cluster)
  }

  static connect(endpoints: string[], cluster: string, timeoutMs = 2000, auth?: KvClientOptions['auth']): Store {
    return new Store(createKvClient(endpoints, {callTimeoutMs: timeoutMs, auth}), cluster, timeoutMs)
  }

  async get<T>(key: string): Promise<Entry<T> | null> {
    return withKvError(`read ${key}`, this.timeoutMs, async () => {
      const res = await this.client.get(key).exec()
      const kv = res.kvs[0]
      return kv ? toEntry<T>(kv) : null
    })
  }

  async list<T>(prefix: string): Promise<Listing<T>> {
    return withKvError(`list ${prefix}`, this.timeoutMs, async () => {
      const res = await this.client.getAll().prefix(prefix).exec()
      return {items: res.kvs.map((kv) => toEntry<T>(kv)), revision: Number(res.header.revision)}
    })
  }

  async put(key: string, value: unknown, lease?: Lease): Promise<number> {
    return withKvError(`write ${key}`, this.timeoutMs, async () => {
      const b = lease ? lease.put(key) : this.client.put(key)
      const res = await b.value(JSON.stringify(value)).exec()
      return Number(res.header.revision)
    })
  }

  async delete(key: string): Promise<void> {
    await withKvError(`delete ${key}`, this.timeoutMs, () => this.client.delete().key(key).exec())
  }

  async deletePrefix(prefix: string): Promise<void> {
    await withKvError(`delete ${prefix}`, this.timeoutMs, () => this.client.delete().prefix(prefix).exec())
  }

  /** A raw transaction: compares in, success/failure ops. Returns whether compares held. */
  async txn(what: string, request: Parameters<Etcd3['kv']['txn']>[0]): Promise<boolean> {
    return withKvError(what, this.timeoutMs, async () => {
      const res = await this.client.kv.txn(request)
      return res.succeeded
    })
  }

  /**
   * Watch a prefix from `fromRevision` (exclusive) onwards; events arrive in order. Returns a
   * cancel function. The etcd3 client reconnects watches by itself.
   */
  async watch(prefix: string, onEvent: (e: WatchEvent) => void, fromRevision?: number): Promise<() => Promise<void>> {
    let b = this.client.watch().prefix(prefix)
    if (fromRevision !== undefined) b = b.startRevision(String(fromRevision + 1))
    const watcher: Watcher = await withKvError(`watch ${prefix}`, this.timeoutMs, () => b.create())
    watcher.on('put', (kv) => onEvent({type: 'put', key: kv.key.toString(), value: kv.value.toString(), revision: Number(kv.mod_revision)}))
    watcher.on('delete', (kv) => onEvent({type: 'delete', key: kv.key.toString(), value: null, revision: Number(kv.mod_revision)}))
    // Errors are retried by the client; swallowing here keeps an unhandled 'error' from killing the process.
    watcher.on('error', () => undefined)
    return () => watcher.cancel()
  }

  close(): void {
    this.client.close()
  }
}

export function toEntry<T>(kv: IKeyValue): Entry<T> {
  return {key: kv.key.toString(), value: JSON.parse(kv.value.toString()) as T, modRevision: Number(kv.mod_revision)}
}

export const enc = (s: string): Buffer => Buffer.from(s)

/** The end of the key range that `prefix` covers (etcd's "prefix + 1" rule). */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix)
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i] < 0xff) {
      b[i]++
      return b.subarray(0, i + 1)
    }
  }
  return Buffer.from([0])
}
