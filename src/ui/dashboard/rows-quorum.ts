// Rows of the KV quorum and servers panels.
import {fit, fitEnd, formatBytes} from './format.js'
import type {DashboardSnapshot, KvMemberInfo, ServerInfo} from './types.js'
import type {RowView, Segment, Tone} from './view-types.js'

export interface PanelContent {
  title: Segment[]
  rows: RowView[]
}

const QUORUM_TONE: Record<DashboardSnapshot['kv']['quorum'], Tone> = {ok: 'ok', degraded: 'warn', lost: 'bad'}

function memberState(m: KvMemberInfo): {text: string; tone: Tone; mark: string} {
  if (!m.running) return {text: 'stopped', tone: 'dim', mark: '○'}
  if (!m.healthy) return {text: 'unhealthy', tone: 'bad', mark: '✗'}
  return {text: m.isLeader ? 'leader' : 'follower', tone: m.isLeader ? 'accent' : 'ok', mark: '●'}
}

export function buildQuorumRows(snap: DashboardSnapshot, width: number): PanelContent {
  const {members, quorum} = snap.kv
  const healthy = members.filter((m) => m.running && m.healthy).length
  const title: Segment[] = [
    {text: 'KV quorum ', bold: true},
    {text: quorum, tone: QUORUM_TONE[quorum], bold: true},
    {text: ` ${healthy}/${members.length} healthy`, tone: 'dim'},
  ]
  const nameW = Math.min(12, Math.max(6, ...members.map((m) => m.name.length)))
  const rows = members.map((m): RowView => {
    const st = memberState(m)
    const fixed = 2 + nameW + 1 + 10 + 6 + 8
    const segments: Segment[] = [
      {text: `${st.mark} `, tone: st.tone},
      {text: fit(m.name, nameW) + ' '},
      {text: fit(st.text, 10), tone: st.tone},
      {text: m.running ? fit(`t${m.raftTerm}`, 6) : fit('', 6), tone: 'dim'},
      {text: m.running ? fitEnd(formatBytes(m.dbSizeBytes), 7) + ' ' : fit('', 8)},
      {text: fit(m.endpoint, Math.max(0, width - fixed)), tone: 'dim'},
    ]
    return {key: m.name, segments, selected: false, target: {kind: 'etcd', name: m.name, label: `etcd member ${m.name}`}}
  })
  return {title, rows}
}

function serverState(s: ServerInfo): {text: string; tone: Tone; mark: string} {
  if (!s.alive) return {text: 'down', tone: 'bad', mark: '✗'}
  return s.leader ? {text: 'leader', tone: 'accent', mark: '★'} : {text: 'standby', tone: 'ok', mark: '●'}
}

export function buildServerRows(snap: DashboardSnapshot, width: number): PanelContent {
  const alive = snap.servers.filter((s) => s.alive).length
  const leader = snap.servers.find((s) => s.alive && s.leader)
  const title: Segment[] = [
    {text: 'Servers ', bold: true},
    leader ? {text: `${alive}/${snap.servers.length} up`, tone: 'dim'} : {text: 'no leader', tone: 'bad', bold: true},
  ]
  const rows = snap.servers.map((s): RowView => {
    const st = serverState(s)
    const nameW = Math.max(4, width - 2 - 8)
    return {
      key: s.name,
      segments: [{text: `${st.mark} `, tone: st.tone}, {text: fit(s.name, nameW)}, {text: fit(st.text, 8), tone: st.tone}],
      selected: false,
      target: {kind: 'server', name: s.name, label: `server ${s.name}`},
    }
  })
  return {title, rows}
}
