import fs from 'node:fs'
import path from 'node:path'
import {readQuorumStatus} from '../../kv/quorum-status.js'
import {readClusterState, type ClusterState} from '../../store/cluster-state.js'
import {currentLeader} from '../../store/leader-election.js'
import {requestAllocStop} from '../../store/alloc-requests.js'
import {listVariables} from '../../store/variables.js'
import {appendEvents, deriveEvents} from './derive-events.js'
import {variableInfos} from './rows-vars.js'
import type {DashboardAction, DashboardEvent, DashboardSnapshot, DashboardSource, ComponentKind, VariableInfo} from './types.js'
import {connectCluster} from '../../platform/connect.js'
import {startComponent, stopComponent} from '../../platform/component.js'
import {tailLog} from '../../platform/log-tail.js'
import {isProcessAlive} from '../../platform/process-alive.js'
import {readState} from '../../platform/state.js'

const QUORUM_EVERY_MS = 2000

/**
 * The dashboard's data: whole snapshots driven by one watch over the cluster's keys (a burst of
 * changes coalesces into one read), plus the etcd members' own status every 2 s (quorum loss
 * cannot be watched: with it gone, watches go silent).
 */
export async function createDashboardSource(file: string): Promise<DashboardSource> {
  const conn = await connectCluster(file, {timeoutMs: 1000})
  const {platform, store} = conn
  let closed = false
  let wake: (() => void) | null = null
  const poke = () => wake?.()
  const cancelWatch = await store.watch(store.keys.prefix, poke).catch(() => null)
  const timer = setInterval(poke, QUORUM_EVERY_MS)

  let last: ClusterState | null = null
  let vars: VariableInfo[] = []
  let prev: DashboardSnapshot | null = null
  let derived: DashboardEvent[] = []

  async function take(): Promise<DashboardSnapshot> {
    const state = (await readState(platform.stateDir)) ?? conn.state
    const etcd = state.components.filter((c) => c.kind === 'etcd')
    const q = await readQuorumStatus(etcd.map((c) => ({name: c.name, endpoint: c.endpoints[0]!})), 800)
    try {
      last = await readClusterState(store)
      // Paths and key names only: the values (secrets) are dropped here and never reach the view.
      vars = variableInfos(await listVariables(store, '', '*'))
    } catch {
      // quorum lost: show the last known cluster state under the banner
    }
    const leader = q.state === 'lost' ? null : await currentLeader(store).catch(() => null)
    const alive = (name: string) => {
      const c = state.components.find((x) => x.name === name)
      return c ? isProcessAlive(c.pid, c) : false
    }
    const st = last
    const snap: DashboardSnapshot = {
      cluster: platform.name,
      at: Date.now(),
      kv: {
        quorum: q.state === 'ok' && q.healthy === q.total ? 'ok' : q.state === 'lost' ? 'lost' : 'degraded',
        members: q.members.map((m) => {
          const c = etcd.find((x) => x.name === m.name)
          return {name: m.name, endpoint: m.endpoint, healthy: m.healthy, isLeader: m.leader, raftTerm: m.raftTerm ?? 0, dbSizeBytes: m.dbSize ?? 0, pid: c?.pid ?? undefined, running: c ? isProcessAlive(c.pid, c) : false}
        }),
      },
      servers: state.components.filter((c) => c.kind === 'server').map((c) => ({name: c.name, leader: leader === c.name, alive: alive(c.name)})),
      nodes: st?.nodes ?? [],
      allocs: st?.allocs ?? [],
      jobs: st ? Object.values(st.jobs) : [],
      deployments: st?.deployments ?? [],
      evals: st?.evals.filter((e) => e.Status === 'blocked' || e.Status === 'failed') ?? [],
      proxies: state.components.filter((c) => c.kind === 'proxy').map((c) => {
        const rec = st?.proxies.find((p) => p.Name === c.name)
        return {name: c.name, listen: c.endpoints[0] ?? '', urls: proxyUrls(c.endpoints, platform.proxies.instances.find((x) => x.name === c.name)?.websecurePort), alive: alive(c.name), routes: rec?.Routes ?? 0, requestsPerSec: rec?.RequestsPerSec ?? 0, healthyByService: rec?.HealthyByService ?? {}}
      }),
      variables: vars,
      events: [],
    }
    derived = appendEvents(derived, deriveEvents(prev, snap))
    const logged = (st?.events ?? []).map((e) => ({time: e.Time, kind: e.Kind, message: e.Message}))
    snap.events = mergeEvents(logged, derived)
    prev = snap
    return snap
  }

  return {
    async *snapshots() {
      while (!closed) {
        const next = new Promise<void>((r) => (wake = r))
        yield await take()
        await next
        await new Promise((r) => setTimeout(r, 100)) // coalesce a burst of watch events
      }
    },
    async act(a: DashboardAction) {
      if (a.kind === 'alloc') {
        if (a.verb === 'start') throw new Error('an allocation cannot be started; stop it and the scheduler places a replacement')
        await requestAllocStop(store, a.name, Date.now())
        return
      }
      if (a.verb === 'stop') await stopComponent(file, a.name)
      else await startComponent(file, a.name)
    },
    async logs(kind: ComponentKind, name: string) {
      if (kind === 'alloc') return allocLogLines(platform.stateDir, last, name)
      const state = await readState(platform.stateDir)
      const c = state?.components.find((x) => x.name === name)
      return c ? tailLog(c.logFile, 200).split('\n') : [`no log for ${name}`]
    },
    async close() {
      closed = true
      clearInterval(timer)
      wake?.()
      await cancelWatch?.().catch(() => undefined)
      conn.close()
    },
  }
}

function mergeEvents(logged: DashboardEvent[], derived: DashboardEvent[]): DashboardEvent[] {
  const seen = new Set<string>()
  return [...logged, ...derived]
    .sort((a, b) => a.time - b.time)
    .filter((e) => {
      const k = `${Math.round(e.time / 1000)}|${e.message}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .slice(-200)
}

function allocLogLines(stateDir: string, st: ClusterState | null, allocId: string): string[] {
  const a = st?.allocs.find((x) => x.ID === allocId)
  if (!a) return [`allocation ${allocId} not found`]
  const dir = path.join(stateDir, 'nodes', a.NodeName, 'allocs', a.ID, 'alloc', 'logs')
  try {
    const files = fs.readdirSync(dir).filter((f) => f.includes('.stdout.')).sort()
    return files.flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n')).filter(Boolean).slice(-200)
  } catch {
    return [`no logs yet for ${a.Name}`]
  }
}

/** The proxy's web URL(s) and, with `websecure_ports`, its https URL on the same host. */
function proxyUrls(endpoints: string[], websecurePort: number | undefined): string[] {
  if (!websecurePort || !endpoints[0]) return endpoints
  const u = new URL(endpoints[0])
  return [...endpoints, `https://${u.hostname}:${websecurePort}`]
}
