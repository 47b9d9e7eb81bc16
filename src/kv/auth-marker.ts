import {existsSync, writeFileSync} from 'node:fs'
import path from 'node:path'

// A note beside each member's data dir that `up` turned authentication on in that data, so a
// warm `up` lets the agents connect at the quorum instead of after asking etcd again. It lives
// beside the data, not in it, and counts only while the data is there: a member whose data was
// removed has no auth and its note means nothing.

const markerOf = (dataDir: string) => path.join(path.dirname(dataDir), 'kv-auth-on')

/** True when every member's data exists and was seen with authentication on. */
export function kvAuthKnownOn(dataDirs: string[]): boolean {
  return dataDirs.length > 0 && dataDirs.every((d) => existsSync(path.join(d, 'member')) && existsSync(markerOf(d)))
}

export function markKvAuthOn(dataDirs: string[]): void {
  for (const d of dataDirs) writeFileSync(markerOf(d), `${new Date().toISOString()}\n`)
}
