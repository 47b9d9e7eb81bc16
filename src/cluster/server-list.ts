// `zdev server list`: the registered servers and which one leads. Pure view + its reader.
import type {ClusterState} from '../store/cluster-state.js'
import {readClusterState} from '../store/cluster-state.js'
import {currentLeader} from '../store/leader-election.js'
import type {Store} from '../store/store.js'
import {formatAgo, formatTable, formatTime} from './format.js'

export interface ServerListRow {
  name: string
  address: string
  pid: number
  leader: boolean
  startedAt: number
}

export function buildServerList(st: ClusterState, leader: string | undefined): ServerListRow[] {
  return [...st.servers]
    .sort((a, b) => (a.Name < b.Name ? -1 : 1))
    .map((s) => ({name: s.Name, address: s.Address, pid: s.Pid, leader: s.Name === leader, startedAt: s.StartedAt}))
}

export function renderServerList(rows: ServerListRow[], now: number): string[] {
  if (rows.length === 0) return ['No servers registered (start them with `zdev up`)']
  return formatTable(
    ['Name', 'Address', 'PID', 'Leader', 'Started'],
    rows.map((r) => [r.name, r.address, r.pid, r.leader ? 'yes' : 'no', `${formatTime(r.startedAt)} (${formatAgo(r.startedAt, now)})`]),
  )
}

export async function listServers(store: Store): Promise<ServerListRow[]> {
  const [st, leader] = await Promise.all([readClusterState(store), currentLeader(store).catch(() => undefined)])
  return buildServerList(st, leader)
}
