import {existsSync} from 'node:fs'
import path from 'node:path'
import {peerUrl} from './etcd-args.js'

// A member of a new cluster (no WAL yet) asks each peer for its /members, with a one-second
// timeout each, before it serves peer traffic itself; a peer that has bound its port but does not
// serve yet holds that request the whole second. Spawned at once, three members so lose 0, 1 or
// 2 s (etcd 3.4, 10 bare starts: all healthy at 262–2131 ms, median 1168); one after another,
// each once the one before serves peer traffic, none waits (267–611 ms, median 399). A member
// with a WAL skips the check, so a bootstrapped cluster starts at once.

/** The member was bootstrapped before: its data dir holds a WAL. */
export function hasWal(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'member', 'wal'))
}

/** Answers once the member serves peer traffic (not only has its port bound). */
export function peerServingUrl(peerPort: number): string {
  return `${peerUrl(peerPort)}/version`
}

export interface MemberStart {
  /** Members started before this one (by name). */
  after: string[]
  /** Poll this until it answers before the next member starts. */
  readyUrl?: string
}

/** Pure: how each member of `members` is started; one after another unless the cluster is `bootstrapped`. */
export function bootstrapOrder(members: {name: string; peerPort: number}[], bootstrapped: boolean): MemberStart[] {
  if (bootstrapped) return members.map(() => ({after: []}))
  return members.map((m, i) => ({
    after: i > 0 ? [members[i - 1]!.name] : [],
    ...(i < members.length - 1 ? {readyUrl: peerServingUrl(m.peerPort)} : {}),
  }))
}
