import {readMemberStatus, type MemberStatus} from './member-status.js'

export interface MemberRef {
  name: string
  endpoint: string
}

export interface MemberReport {
  name: string
  endpoint: string
  healthy: boolean
  leader: boolean
  raftTerm: number | null
  raftIndex: number | null
  dbSize: number | null
  version: string | null
  error: string | null
}

export type QuorumState = 'ok' | 'electing' | 'lost'

export interface QuorumReport {
  state: QuorumState
  healthy: number
  total: number
  leader: string | null
  term: number | null
  members: MemberReport[]
  /** One line for humans, e.g. "quorum: ok (3/3 healthy, leader etcd-2, term 4)". */
  line: string
}

/** Pure: combine each member's answer into the quorum picture. */
export function summarizeQuorum(members: MemberRef[], answers: MemberStatus[]): QuorumReport {
  const nameById = new Map<string, string>()
  answers.forEach((a, i) => a.id && nameById.set(a.id, members[i]!.name))
  const healthy = answers.filter((a) => a.reachable).length
  const total = members.length
  const majority = Math.floor(total / 2) + 1
  // The leader most healthy members agree on; a leader id nobody reports as itself is unknown.
  const votes = new Map<string, number>()
  for (const a of answers) if (a.reachable && a.leaderId && a.leaderId !== '0') votes.set(a.leaderId, (votes.get(a.leaderId) ?? 0) + 1)
  let leaderId: string | undefined
  for (const [id, n] of votes) if (n >= majority && nameById.has(id)) leaderId = id
  const leader = leaderId ? nameById.get(leaderId)! : null
  const term = leaderId ? Math.max(...answers.filter((a) => a.leaderId === leaderId).map((a) => a.raftTerm ?? 0)) : null
  const state: QuorumState = healthy < majority ? 'lost' : leader ? 'ok' : 'electing'
  const reports = members.map((m, i) => {
    const a = answers[i]!
    return {
      name: m.name,
      endpoint: m.endpoint,
      healthy: a.reachable,
      leader: leaderId !== undefined && a.id === leaderId,
      raftTerm: a.raftTerm ?? null,
      raftIndex: a.raftIndex ?? null,
      dbSize: a.dbSize ?? null,
      version: a.version ?? null,
      error: a.error ?? null,
    }
  })
  const line =
    state === 'ok'
      ? `quorum: ok (${healthy}/${total} healthy, leader ${leader}, term ${term})`
      : state === 'electing'
        ? `quorum: electing (${healthy}/${total} healthy, no leader yet)`
        : `quorum: LOST (${healthy}/${total} healthy, ${majority} needed)`
  return {state, healthy, total, leader, term, members: reports, line}
}

/** Ask every member at once; bounded by `timeoutMs` per member (so overall). */
export async function readQuorumStatus(members: MemberRef[], timeoutMs = 2000): Promise<QuorumReport> {
  const answers = await Promise.all(members.map((m) => readMemberStatus(m.endpoint, timeoutMs)))
  return summarizeQuorum(members, answers)
}
