import type {ServiceRegistration} from '../model/index.js'
import type {Store} from '../store/store.js'
import {listVariables} from '../store/variables.js'
import type {TemplateSnapshot, TemplateSource} from './runner/index.js'

// What a node's templates read, from the KV: the service catalog, Nomad Variables and the
// data/ key space (for key/keyOrDefault/ls/tree). One set of prefix watches per node agent
// tells every subscribed template watcher when something changed.

const COALESCE_MS = 50

export class ClusterTemplateSource implements TemplateSource {
  private readonly subscribers = new Set<() => void>()
  private cancels: (() => Promise<void>)[] = []
  private starting: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(private readonly store: Store, private readonly log: (msg: string) => void = () => undefined) {}

  async snapshot(): Promise<TemplateSnapshot> {
    const k = this.store.keys
    const [services, variables, kv] = await Promise.all([
      this.store.list<ServiceRegistration>(k.services),
      listVariables(this.store, '', '*'),
      this.store.listRaw(k.data).then((r) => Object.fromEntries(r.kvs.map((kv) => [kv.key, kv.value]))),
    ])
    return {
      services: services.items.map((e) => e.value),
      variables,
      kv: Object.fromEntries(Object.entries(kv).map(([key, v]) => [key.slice(k.data.length), v])),
    }
  }

  subscribe(onChange: () => void): () => void {
    this.subscribers.add(onChange)
    if (!this.starting) this.starting = this.startWatches()
    return () => void this.subscribers.delete(onChange)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    await this.starting?.catch(() => undefined)
    await Promise.all(this.cancels.splice(0).map((c) => c().catch(() => undefined)))
  }

  private async startWatches(): Promise<void> {
    const k = this.store.keys
    for (const prefix of [k.services, k.variables, k.data]) {
      try {
        const cancel = await this.store.watch(prefix, () => this.changed())
        if (this.closed) await cancel()
        else this.cancels.push(cancel)
      } catch (err) {
        this.log(`template watch on ${prefix} failed: ${(err as Error).message}`)
        this.starting = null
      }
    }
  }

  private changed(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      for (const s of [...this.subscribers]) s()
    }, COALESCE_MS)
  }
}
