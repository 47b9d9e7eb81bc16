import {createKvClient, type KvClient, type KvClientOptions, type Lease, type RangeResult} from './client.js'
import {prefixEnd, type Kv, type TxnRequest} from './etcd-json.js'
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
    readonly client: KvClient,
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
      const res = await this.client.range(key)
      const kv = res.kvs[0]
      return kv ? toEntry<T>(kv) : null
    })
  }

  async list<T>(prefix: string): Promise<Listing<T>> {
    return withKvError(`list ${prefix}`, this.timeoutMs, async () => {
      const res = await this.client.prefix(prefix)
      return {items: res.kvs.map((kv) => toEntry<T>(kv)), revision: res.revision}
    })
  }

  /** The raw keys under a prefix (values as text, or none with keysOnly) and the revision read at. */
  async listRaw(prefix: string, opts: {keysOnly?: boolean} = {}): Promise<RangeResult> {
    return withKvError(`list ${prefix}`, this.timeoutMs, () => this.client.prefix(prefix, {keysOnly: opts.keysOnly}))
  }

  async put(key: string, value: unknown, lease?: Lease): Promise<number> {
    return withKvError(`write ${key}`, this.timeoutMs, () => this.client.put(key, JSON.stringify(value), lease?.id))
  }

  async delete(key: string): Promise<void> {
    await withKvError(`delete ${key}`, this.timeoutMs, () => this.client.delete(key))
  }

  async deletePrefix(prefix: string): Promise<void> {
    await withKvError(`delete ${prefix}`, this.timeoutMs, () => this.client.delete(prefix, prefixEnd(prefix)))
  }

  /** A raw transaction: compares in, success/failure ops. Returns whether compares held. */
  async txn(what: string, request: TxnRequest): Promise<boolean> {
    return withKvError(what, this.timeoutMs, async () => (await this.client.txn(request)).succeeded)
  }

  /**
   * Watch a prefix from `fromRevision` (exclusive) onwards; events arrive in order. Returns a
   * cancel function. The watch survives a member's death: it resumes on another member from the
   * revision after the last one delivered.
   */
  async watch(prefix: string, onEvent: (e: WatchEvent) => void, fromRevision?: number): Promise<() => Promise<void>> {
    const w = await withKvError(`watch ${prefix}`, this.timeoutMs, () =>
      this.client.watch({
        key: prefix,
        rangeEnd: prefixEnd(prefix),
        startRevision: fromRevision !== undefined ? fromRevision + 1 : undefined,
        onEvents: (events) => {
          for (const e of events) onEvent({type: e.type, key: e.kv.key, value: e.type === 'put' ? e.kv.value : null, revision: e.kv.modRevision})
        },
      }),
    )
    return () => w.cancel()
  }

  close(): void {
    this.client.close()
  }
}

export function toEntry<T>(kv: Kv): Entry<T> {
  return {key: kv.key, value: JSON.parse(kv.value) as T, modRevision: kv.modRevision}
}

export const enc = (s: string): Buffer => Buffer.from(s)

export {prefixEnd} from './etcd-json.js'
