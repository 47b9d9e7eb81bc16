import {createMemberClient} from './member-client.js'

export interface MemberStatus {
  endpoint: string
  /** The member answered within the deadline. */
  reachable: boolean
  /** etcd's own member id (hex) and the id of the leader it follows ('0' = none). */
  id?: string
  leaderId?: string
  raftTerm?: number
  raftIndex?: number
  dbSize?: number
  version?: string
  error?: string
}

/** Ask one member for its status (Maintenance.Status), bounded by `timeoutMs`. Never throws. */
export async function readMemberStatus(endpoint: string, timeoutMs = 1000): Promise<MemberStatus> {
  const client = createMemberClient(endpoint, timeoutMs)
  const timer = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + 200)
    t.unref()
  })
  try {
    const s = await Promise.race([client.maintenance.status({deadline: Date.now() + timeoutMs}), timer])
    return {
      endpoint,
      reachable: true,
      id: BigInt(s.header.member_id).toString(16),
      leaderId: BigInt(s.leader).toString(16),
      raftTerm: Number(s.raftTerm),
      raftIndex: Number(s.raftIndex),
      dbSize: Number(s.dbSize),
      version: s.version,
    }
  } catch (err) {
    return {endpoint, reachable: false, error: (err as Error).message.split('\n')[0]}
  } finally {
    client.close()
  }
}
