import type {KvClient, Lease} from './client.js'
import {prefixEnd} from './etcd-json.js'
import type {KvWatch} from './kv-watch.js'
import {withKvError} from './kv-errors.js'
import type {Store} from './store.js'

export interface LeadershipHandlers {
  onElected(): void
  onDeposed(reason: string): void
}

/** Candidates' keys: `election/<name>/<lease id>` (the layout the platform's etcd role grants, see keys.ts). */
export const electionPrefix = (name: string): string => `election/${name}/`

/**
 * etcd's election recipe: each candidate puts a key under the election's prefix bound to its own
 * lease; the key with the lowest create revision leads, every other candidate watches for a
 * deletion under the prefix (its predecessor's going) and checks again. When the lease is lost
 * the campaign fails with an error.
 */
class Campaign {
  private lease: Lease | null = null
  private key = ''
  private rev = 0
  private watch: KvWatch | null = null
  private over = false
  private checking: Promise<void> = Promise.resolve()
  elected = false

  constructor(
    private readonly client: KvClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly value: string,
    private readonly onElected: () => void,
    private readonly onError: (err: Error) => void,
  ) {}

  async run(): Promise<void> {
    try {
      this.lease = await this.client.grantLease(this.ttlSeconds, (err) => this.fail(err))
      if (this.over) return void (await this.lease.revoke().catch(() => undefined))
      this.key = this.prefix + this.lease.id
      const put = await this.client.txn({
        compare: [{key: this.key, target: 'Create', result: 'Equal', create_revision: 0}],
        success: [{request_put: {key: this.key, value: this.value, lease: this.lease.id}}],
        failure: [{request_range: {key: this.key}}],
      })
      this.rev = put.succeeded ? put.revision : Number(put.responses[0]?.response_range?.kvs?.[0]?.create_revision ?? 0)
      const w = await this.client.watch({
        key: this.prefix,
        rangeEnd: prefixEnd(this.prefix),
        startRevision: put.revision + 1,
        onEvents: (events) => {
          if (events.some((e) => e.type === 'delete' && e.kv.key === this.key)) return this.fail(new Error('the campaign key was deleted (its lease expired)'))
          if (events.some((e) => e.type === 'delete')) this.check()
        },
      })
      if (this.over) return void (await w.cancel())
      this.watch = w
      this.check()
    } catch (err) {
      this.fail(err as Error)
    }
  }

  /** Lead when no candidate's key is older than ours (one check at a time, in order). */
  private check(): void {
    this.checking = this.checking.then(async () => {
      if (this.over || this.elected) return
      try {
        const older = await this.client.prefix(this.prefix, {keysOnly: true, limit: 1, maxCreateRevision: this.rev - 1})
        if (older.kvs.length === 0 && !this.over) {
          this.elected = true
          this.onElected()
        }
      } catch (err) {
        this.fail(err as Error)
      }
    })
  }

  private fail(err: Error): void {
    if (this.over) return
    this.over = true
    void this.watch?.cancel()
    this.lease?.release()
    this.onError(err)
  }

  /** Give up the campaign: the key goes with the revoked lease, the next candidate leads. */
  async resign(): Promise<void> {
    this.over = true
    await this.watch?.cancel()
    await this.lease?.revoke()
  }
}

/**
 * Campaigns for server leadership through etcd's election recipe. The campaign lease has a
 * small TTL (a crashed leader holds on for no longer than that).
 * When the campaign fails (lease lost with quorum) the server steps down and campaigns again.
 */
export class LeaderElection {
  private campaign: Campaign | null = null
  private stopped = false
  private leading = false
  private readonly prefix: string

  constructor(
    private readonly store: Store,
    private readonly candidate: string,
    private readonly ttlSeconds: number,
    private readonly handlers: LeadershipHandlers,
  ) {
    this.prefix = electionPrefix(store.keys.election)
  }

  isLeader(): boolean {
    return this.leading
  }

  start(): void {
    if (this.stopped) return
    const campaign: Campaign = new Campaign(
      this.store.client,
      this.prefix,
      this.ttlSeconds,
      this.candidate,
      () => {
        if (this.campaign !== campaign || this.stopped) return
        this.leading = true
        this.handlers.onElected()
      },
      (err) => {
        if (this.campaign !== campaign) return
        this.campaign = null
        if (this.leading) {
          this.leading = false
          this.handlers.onDeposed(err.message)
        }
        if (!this.stopped) setTimeout(() => this.start(), 300)
      },
    )
    this.campaign = campaign
    void campaign.run()
  }

  async leader(): Promise<string | undefined> {
    return currentLeader(this.store)
  }

  async stop(): Promise<void> {
    this.stopped = true
    const c = this.campaign
    this.campaign = null
    this.leading = false
    if (c) {
      try {
        await c.resign()
      } catch {
        // best effort: the campaign lease expires within its TTL anyway
      }
    }
  }
}

/** Who leads now, read without campaigning (for `zdev server list` and status). */
export async function currentLeader(store: Store): Promise<string | undefined> {
  const p = electionPrefix(store.keys.election)
  const res = await withKvError('read the leader', store.timeoutMs, () => store.client.prefix(p, {limit: 1, sort: {target: 'CREATE', order: 'ASCEND'}}))
  return res.kvs[0]?.value
}
