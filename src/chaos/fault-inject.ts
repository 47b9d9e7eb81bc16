import {UserError} from '../lib/errors.js'
import {startComponent, stopComponent} from '../platform/component.js'
import {readQuorumStatus} from '../kv/quorum-status.js'
import {readClusterState} from '../store/cluster-state.js'
import {currentLeader} from '../store/leader-election.js'
import type {ChaosContext} from './context.js'
import {killContainers, replacedContainer, runningTaskContainers} from './task-containers.js'
import {findComponentProcess, killGroups, pauseFor, restartedChild, signalTarget, taskGroupsOf} from './processes.js'
import type {FaultKind} from './types.js'

// Resolve a fault's target now (the etcd leader, the leading server, a node running routed work,
// a proxy, a task of a routed allocation) and inject it. What comes back says how to tell the
// target itself is back (a new supervised child, a resumed process, a restarted task).

export interface Injected {
  target: string
  kind: FaultKind
  message: string
  /** The target itself is back (the watcher also waits for the platform's view to heal). */
  back: () => boolean
  /** Resolves when the fault is over on our side (a pause resumed). */
  settled: Promise<void>
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Random mode: kind + pick → a component name, or `task:<alloc id>`. */
export async function pickTarget(ctx: ChaosContext, kind: FaultKind, pick: number): Promise<string> {
  if (kind === 'etcd') return etcdLeader(ctx)
  if (kind === 'server') return serverLeader(ctx)
  if (kind === 'proxy') return at(ctx.platform.proxies.instances.map((p) => p.name).sort(byName), pick, 'proxy')
  const st = await readClusterState(ctx.store)
  const routedAllocs = new Set(st.services.filter((s) => s.Healthy).map((s) => s.AllocID))
  const allocs = st.allocs.filter((a) => a.DesiredStatus === 'run' && a.ClientStatus === 'running' && routedAllocs.has(a.ID)).sort((a, b) => byName(a.ID, b.ID))
  if (kind === 'task') return `task:${at(allocs.map((a) => a.ID), pick, 'routed allocation')}`
  const nodes = [...new Set(allocs.map((a) => a.NodeName))].sort(byName)
  return at(nodes.length ? nodes : ctx.platform.nodes.map((n) => n.name), pick, 'node')
}

/** Scenario aliases: etcd-leader, server-leader, task:<job> → a concrete target. */
export async function resolveAlias(ctx: ChaosContext, target: string): Promise<string> {
  if (target === 'etcd-leader') return etcdLeader(ctx)
  if (target === 'server-leader') return serverLeader(ctx)
  if (target.startsWith('task:')) {
    const job = target.slice('task:'.length)
    const st = await readClusterState(ctx.store)
    const a = st.allocs.filter((x) => x.JobID === job && x.DesiredStatus === 'run' && x.ClientStatus === 'running').sort((x, y) => byName(x.ID, y.ID))[0]
    if (!a) throw new UserError(`job ${job} has no running allocation to kill a task of`, {code: 'no_target'})
    return `task:${a.ID}`
  }
  return target
}

export function kindOf(ctx: ChaosContext, target: string): FaultKind {
  if (target.startsWith('task:')) return 'task'
  if (ctx.etcd.some((c) => c.name === target)) return 'etcd'
  if (ctx.platform.servers.names.includes(target)) return 'server'
  if (ctx.platform.nodes.some((n) => n.name === target)) return 'node'
  return 'proxy'
}

export async function inject(ctx: ChaosContext, target: string, action: 'kill' | 'pause', pauseMs = 0): Promise<Injected> {
  const kind = kindOf(ctx, target)
  if (kind === 'task') return killTask(ctx, target.slice('task:'.length))
  const p = await findComponentProcess(ctx.platform.stateDir, target)
  if (action === 'pause') {
    let resumed = false
    const settled = pauseFor(p, pauseMs).then(() => void (resumed = true))
    return {target, kind, message: `SIGSTOP ${target} (pid ${p.pid}) for ${pauseMs} ms`, back: () => resumed, settled}
  }
  if (!signalTarget(p, 'SIGKILL')) throw new UserError(`${target} (pid ${p.pid}) could not be signalled`, {code: 'signal_failed'})
  const restart = p.supervised ? 'its supervisor restarts it' : 'it is not supervised: nothing restarts it'
  return {target, kind, message: `SIGKILL ${target} (pid ${p.pid}); ${restart}`, back: () => p.supervised && restartedChild(ctx.platform.stateDir, target, p.pid), settled: Promise.resolve()}
}

async function killTask(ctx: ChaosContext, allocId: string): Promise<Injected> {
  const groups = taskGroupsOf(ctx.platform.name, allocId)
  if (groups.length === 0) return killTaskContainers(ctx, allocId)
  killGroups(groups)
  const t0 = Date.now()
  // back: the task runs again in a new process group (or, after 10 s, the platform view alone decides: it may have been replaced elsewhere)
  const back = () => taskGroupsOf(ctx.platform.name, allocId).some((g) => !groups.includes(g)) || Date.now() - t0 > 10_000
  return {target: `task:${allocId.slice(0, 8)}`, kind: 'task', message: `SIGKILL the task process group(s) ${groups.join(', ')} of allocation ${allocId.slice(0, 8)}`, back, settled: Promise.resolve()}
}

async function killTaskContainers(ctx: ChaosContext, allocId: string): Promise<Injected> {
  const c = await runningTaskContainers(ctx.platform, allocId)
  if (!c || c.ids.length === 0) throw new UserError(`allocation ${allocId.slice(0, 8)} has no task process or running container on this machine to kill`, {code: 'no_target'})
  await killContainers(c)
  const t0 = Date.now()
  let replaced = false
  let checking = false
  // back: a new running container of the allocation (checked in the background: back() is synchronous)
  const back = () => {
    if (!replaced && !checking) {
      checking = true
      void replacedContainer(c, ctx.platform, allocId).then((r) => void (replaced = r), () => undefined).finally(() => void (checking = false))
    }
    return replaced || Date.now() - t0 > 10_000
  }
  const short = c.ids.map((id) => id.slice(0, 12)).join(', ')
  return {target: `task:${allocId.slice(0, 8)}`, kind: 'task', message: `SIGKILL the container(s) ${short} of allocation ${allocId.slice(0, 8)}`, back, settled: Promise.resolve()}
}

/** Scenario stop/start through the same machinery as `zdev <kind> stop|start`. */
export async function stopOrStart(ctx: ChaosContext, target: string, verb: 'stop' | 'start'): Promise<string> {
  const r = verb === 'stop' ? await stopComponent(ctx.file, target) : await startComponent(ctx.file, target)
  return `${r.member} ${r.action} (${r.ms} ms)`
}

async function etcdLeader(ctx: ChaosContext): Promise<string> {
  const q = await readQuorumStatus(ctx.etcd.map((c) => ({name: c.name, endpoint: c.endpoints[0]!})), 1000)
  if (!q.leader) throw new UserError(`the etcd quorum has no leader right now (${q.line})`, {code: 'no_target'})
  return q.leader
}

async function serverLeader(ctx: ChaosContext): Promise<string> {
  const l = await currentLeader(ctx.store)
  if (!l) throw new UserError('no server leads right now', {code: 'no_target'})
  return l
}

function at(names: string[], pick: number, what: string): string {
  if (names.length === 0) throw new UserError(`no ${what} to hit`, {code: 'no_target'})
  return names[pick % names.length]!
}
