import {b64, decodeKv, encodeTxn, int64, prefixEnd, type Kv, type RangeResponse, type ResponseHeader, type TxnRequest, type TxnResponse} from './etcd-json.js'
import {EtcdTransport, type KvAuth} from './etcd-http.js'
import {Lease, type LeaseLostError} from './kv-lease.js'
import {LeaseKeepAliveStream} from './lease-stream.js'
import {openWatch, type KvWatch, type WatchOptions} from './kv-watch.js'

export type {KvAuth} from './etcd-http.js'
export type {Lease} from './kv-lease.js'

export interface KvClientOptions {
  /** Deadline for each unary call (ms). Streams (watches) have none. */
  callTimeoutMs?: number
  /** etcd user and password (the cluster's `zdev` user from its state dir). */
  auth?: KvAuth
  /** Breaker per member and failover to another (default on); off for a client bound to one member. */
  failover?: boolean
  /** Renew leases on one gRPC keep-alive stream (default on; off: every renewal is a gateway POST). */
  leaseStream?: boolean
}

export interface RangeOptions {
  rangeEnd?: Buffer
  keysOnly?: boolean
  limit?: number
  sort?: {target: 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE'; order: 'ASCEND' | 'DESCEND'}
  maxCreateRevision?: number
}

export interface RangeResult {
  kvs: Kv[]
  revision: number
}

export interface MemberStatusResponse {
  header: ResponseHeader & {member_id: string}
  version: string
  dbSize: string
  leader: string
  raftIndex: string
  raftTerm: string
}

export interface ClusterMember {
  ID: string
  name?: string
  peerURLs?: string[]
  clientURLs?: string[]
}

/**
 * A small etcd v3 client over the JSON gateway (no gRPC stack to load: a process that talks to
 * etcd starts in a few ms more than one that does not). Every unary call is bounded: with quorum
 * lost an unbounded put hangs 7–21 s (STACK.md). Reads are linearizable (etcd's default).
 */
export class KvClient {
  readonly transport: EtcdTransport
  private readonly leases = new Set<Lease>()
  private readonly keepAlives: LeaseKeepAliveStream | undefined

  constructor(endpoints: string[], opts: KvClientOptions = {}) {
    this.transport = new EtcdTransport(endpoints, {timeoutMs: opts.callTimeoutMs ?? 2000, auth: opts.auth, failover: opts.failover ?? true})
    if ((opts.leaseStream ?? true) && process.env.ZDEV_LEASE_STREAM !== '0') this.keepAlives = new LeaseKeepAliveStream(this.transport)
  }

  async range(key: string | Buffer, o: RangeOptions = {}): Promise<RangeResult> {
    const req: Record<string, unknown> = {key: b64(key)}
    if (o.rangeEnd) req.range_end = b64(o.rangeEnd)
    if (o.keysOnly) req.keys_only = true
    if (o.limit) req.limit = String(o.limit)
    if (o.sort) Object.assign(req, {sort_target: o.sort.target, sort_order: o.sort.order})
    if (o.maxCreateRevision) req.max_create_revision = String(o.maxCreateRevision)
    const res = await this.transport.call<RangeResponse>('/v3/kv/range', req)
    return {kvs: (res.kvs ?? []).map(decodeKv), revision: int64(res.header?.revision)}
  }

  /** Every key under `prefix`, in key order. */
  prefix(prefix: string, o: Omit<RangeOptions, 'rangeEnd'> = {}): Promise<RangeResult> {
    return this.range(prefix, {...o, rangeEnd: prefixEnd(prefix)})
  }

  /** Put a value; the store revision it was written at. */
  async put(key: string, value: string | Buffer, leaseId?: string): Promise<number> {
    const res = await this.transport.call<{header?: ResponseHeader}>('/v3/kv/put', {key: b64(key), value: b64(value), ...(leaseId ? {lease: leaseId} : {})})
    return int64(res.header?.revision)
  }

  /** Delete a key (or with `rangeEnd` a range); how many keys went. */
  async delete(key: string, rangeEnd?: Buffer): Promise<number> {
    const res = await this.transport.call<{deleted?: string}>('/v3/kv/deleterange', {key: b64(key), ...(rangeEnd ? {range_end: b64(rangeEnd)} : {})})
    return int64(res.deleted)
  }

  async txn(t: TxnRequest): Promise<{succeeded: boolean; revision: number; responses: NonNullable<TxnResponse['responses']>}> {
    const res = await this.transport.call<TxnResponse>('/v3/kv/txn', encodeTxn(t))
    return {succeeded: res.succeeded === true, revision: int64(res.header?.revision), responses: res.responses ?? []}
  }

  watch(o: WatchOptions): Promise<KvWatch> {
    return openWatch(this.transport, o)
  }

  /** Grant a lease that is renewed at a third of its TTL until released, revoked or lost. */
  async grantLease(ttlSeconds: number, onLost: (err: LeaseLostError) => void): Promise<Lease> {
    const lease = await Lease.grant(
      this.transport,
      ttlSeconds,
      (err) => {
        this.leases.delete(lease)
        onLost(err)
      },
      this.keepAlives,
    )
    this.leases.add(lease)
    return lease
  }

  async leaseTimeToLive(id: string): Promise<number> {
    const res = await this.transport.call<{TTL?: string}>('/v3/lease/timetolive', {ID: id})
    return int64(res.TTL)
  }

  readonly maintenance = {
    /** One member's status; `deadline` (epoch ms) or `timeoutMs` bound it tighter than the client's default. */
    status: (o: {timeoutMs?: number; deadline?: number} = {}): Promise<MemberStatusResponse> =>
      this.transport.call<MemberStatusResponse>('/v3/maintenance/status', {}, {timeoutMs: o.deadline !== undefined ? Math.max(1, o.deadline - Date.now()) : o.timeoutMs}),
  }

  async memberList(): Promise<ClusterMember[]> {
    return (await this.transport.call<{members?: ClusterMember[]}>('/v3/cluster/member/list', {})).members ?? []
  }

  /** Stops renewing every lease (their keys go after the TTL) and closes every connection. */
  close(): void {
    for (const l of this.leases) l.release()
    this.leases.clear()
    this.keepAlives?.close()
    this.transport.close()
  }
}

export function createKvClient(endpoints: string[], opts: KvClientOptions = {}): KvClient {
  return new KvClient(endpoints, opts)
}
