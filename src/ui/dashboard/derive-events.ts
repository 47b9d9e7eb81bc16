// deriveEvents: what changed between two snapshots, as the dashboard's event lines. Pure; the
// platform's source may use it to fill DashboardSnapshot.events.
import type {Allocation} from '../../model/allocation.js'
import {shortId} from './format.js'
import type {DashboardEvent, DashboardSnapshot} from './types.js'

type Emit = (kind: string, message: string) => void

const byKey = <T>(items: readonly T[], key: (t: T) => string) => new Map(items.map((i) => [key(i), i]))

function allocLabel(a: Allocation): string {
  return `${a.Name} (${shortId(a.ID)})`
}

function diffAllocs(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const before = byKey(prev.allocs, (a) => a.ID)
  for (const a of next.allocs) {
    const old = before.get(a.ID)
    if (!old && a.PreviousAllocation) {
      const from = before.get(a.PreviousAllocation)
      const where = from ? `${from.NodeName} → ${a.NodeName}` : `to ${a.NodeName}`
      emit('alloc-rescheduled', `alloc ${a.Name} rescheduled ${where} (${shortId(a.ID)})`)
    }
    if (old?.ClientStatus === a.ClientStatus) continue
    if (a.ClientStatus === 'running') emit('alloc-started', `alloc ${allocLabel(a)} started on ${a.NodeName}`)
    else if (a.ClientStatus === 'failed') emit('alloc-failed', `alloc ${allocLabel(a)} failed on ${a.NodeName}${a.ClientDescription ? `: ${a.ClientDescription}` : ''}`)
    else if (a.ClientStatus === 'lost') emit('alloc-lost', `alloc ${allocLabel(a)} lost on ${a.NodeName}`)
  }
}

function diffNodes(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const before = byKey(prev.nodes, (n) => n.ID)
  const after = byKey(next.nodes, (n) => n.ID)
  for (const n of next.nodes) {
    const old = before.get(n.ID)
    if (n.Status === 'down' && old && old.Status !== 'down') emit('node-down', `node ${n.Name} down`)
    if (n.Status === 'ready' && (!old || old.Status !== 'ready')) emit('node-up', old ? `node ${n.Name} up` : `node ${n.Name} joined`)
  }
  for (const old of prev.nodes) {
    if (!after.has(old.ID) && old.Status !== 'down') emit('node-down', `node ${old.Name} down (registration expired)`)
  }
}

function diffLeaders(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const leader = (s: DashboardSnapshot) => s.servers.find((x) => x.alive && x.leader)?.name
  const [was, is] = [leader(prev), leader(next)]
  if (is && is !== was) emit('leader-elected', `server ${is} elected leader`)
  if (!is && was) emit('leader-lost', `server ${was} lost leadership; no leader`)
  const kvLeader = (s: DashboardSnapshot) => s.kv.members.find((m) => m.running && m.isLeader)
  const [kvWas, kvIs] = [kvLeader(prev), kvLeader(next)]
  if (kvIs && kvIs.name !== kvWas?.name) emit('kv-leader', `etcd ${kvIs.name} became KV leader (term ${kvIs.raftTerm})`)
  const servers = byKey(prev.servers, (s) => s.name)
  for (const s of next.servers) {
    const old = servers.get(s.name)
    if (old && old.alive && !s.alive) emit('server-down', `server ${s.name} down`)
    if (old && !old.alive && s.alive) emit('server-up', `server ${s.name} up`)
  }
}

function diffQuorum(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const members = byKey(prev.kv.members, (m) => m.name)
  for (const m of next.kv.members) {
    const old = members.get(m.name)
    const [was, is] = [old ? old.running && old.healthy : false, m.running && m.healthy]
    if (old && was && !is) emit('member-down', `etcd ${m.name} ${m.running ? 'unhealthy' : 'stopped'}`)
    if (old && !was && is) emit('member-up', `etcd ${m.name} healthy`)
  }
  const healthy = next.kv.members.filter((m) => m.running && m.healthy).length
  if (next.kv.quorum === 'lost' && prev.kv.quorum !== 'lost') emit('quorum-lost', `KV quorum lost (${healthy}/${next.kv.members.length} healthy)`)
  if (next.kv.quorum !== 'lost' && prev.kv.quorum === 'lost') emit('quorum-regained', `KV quorum regained (${healthy}/${next.kv.members.length} healthy)`)
}

function diffDeployments(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const before = byKey(prev.deployments, (d) => d.ID)
  for (const d of next.deployments) {
    const old = before.get(d.ID)
    const name = `${d.JobID} v${d.JobVersion}`
    const promoted = (x: typeof d) => Object.values(x.TaskGroups).some((g) => g.DesiredCanaries > 0 && g.Promoted)
    if (old && !promoted(old) && promoted(d)) emit('deployment-promoted', `deployment ${name} promoted`)
    if (old?.Status === d.Status) continue
    if (d.Status === 'failed') {
      const reverted = /roll(ing|ed)? back/i.test(d.StatusDescription)
      emit(reverted ? 'deployment-reverted' : 'deployment-failed', `deployment ${name} failed: ${d.StatusDescription}`)
    } else if (d.Status === 'successful' && old) emit('deployment-successful', `deployment ${name} successful`)
  }
}

function diffProxies(prev: DashboardSnapshot, next: DashboardSnapshot, emit: Emit): void {
  const before = byKey(prev.proxies, (p) => p.name)
  for (const p of next.proxies) {
    const old = before.get(p.name)
    if (old?.alive && !p.alive) emit('proxy-down', `proxy ${p.name} down`)
    if (old && !old.alive && p.alive) emit('proxy-up', `proxy ${p.name} up`)
  }
}

/** Events between two snapshots, stamped with next.at. The first snapshot yields none. */
export function deriveEvents(prev: DashboardSnapshot | null, next: DashboardSnapshot): DashboardEvent[] {
  if (!prev) return []
  const out: DashboardEvent[] = []
  const emit: Emit = (kind, message) => out.push({time: next.at, kind, message})
  diffQuorum(prev, next, emit)
  diffLeaders(prev, next, emit)
  diffNodes(prev, next, emit)
  diffAllocs(prev, next, emit)
  diffDeployments(prev, next, emit)
  diffProxies(prev, next, emit)
  return out
}

/** Append events to a log, keeping the newest `max`. */
export function appendEvents(log: readonly DashboardEvent[], added: readonly DashboardEvent[], max = 200): DashboardEvent[] {
  if (added.length === 0) return log as DashboardEvent[]
  const all = [...log, ...added]
  return all.length > max ? all.slice(all.length - max) : all
}
