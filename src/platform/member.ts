import {UserError} from '../lib/errors.js'
import {loadPlatform} from './load.js'
import {isProcessAlive, processStartTicks} from './process-alive.js'
import {startProcess} from './process-start.js'
import {waitReady} from './wait-ready.js'
import {stopComponentProcess, SupervisorClient} from './supervisor-client.js'
import {existsSync} from 'node:fs'
import {tailLog} from './log-tail.js'
import {readState, withComponent, writeState, type ComponentState, type PlatformState} from './state.js'
import {withStateLock} from './state-lock.js'
import {suggestNearest} from './suggest.js'
import type {ComponentKind, Platform} from './types.js'

export interface MemberResult {
  cluster: string
  member: string
  action: 'stopped' | 'started' | 'already-stopped' | 'already-running'
  pid: number | null
  ms: number
}

interface Found {
  platform: Platform
  state: PlatformState
  c: ComponentState
}

/** Find `member` in the cluster's state and run `fn` holding the cluster's lock. */
async function withMember(file: string, member: string, kinds: ComponentKind[], fn: (f: Found) => Promise<MemberResult>): Promise<MemberResult> {
  const platform = await loadPlatform(file)
  const notRunning = () => new UserError(`cluster ${platform.name} has not been started here`, {code: 'not_running', hint: 'run `zdev up` first'})
  if (!(await readState(platform.stateDir))) throw notRunning()
  return withStateLock(platform.stateDir, platform.name, async () => {
    const state = await readState(platform.stateDir)
    if (!state) throw notRunning()
    const members = state.components.filter((c) => kinds.includes(c.kind))
    const c = members.find((m) => m.name === member)
    if (!c) {
      const near = suggestNearest(member, members.map((m) => m.name))
      const what = kinds.length === 1 && kinds[0] === 'etcd' ? ['KV member', 'members'] : ['component', 'components']
      throw new UserError(`no ${what[0]} named "${member}"${near ? `; did you mean "${near}"?` : ''} (${what[1]}: ${members.map((m) => m.name).join(', ')})`, {code: 'unknown_member'})
    }
    return fn({platform, state, c})
  })
}

/** As it ran before: a child of the platform's supervisor (started again if it is gone), or on its own. */
async function startAgain(platform: Platform, state: PlatformState, c: ComponentState): Promise<number> {
  if (!c.supervisor || !existsSync(c.supervisor)) return startProcess({...c, ready: {kind: 'none'}})
  const labels = {ZDEV_CLUSTER: platform.name, ZDEV_CLUSTER_ID: state.token, ZDEV_STATE_DIR: platform.stateDir}
  const sup = await SupervisorClient.ensure(platform.stateDir, {entry: c.supervisor, labels})
  try {
    return (await sup.start(c, false)).pid
  } finally {
    sup.close()
  }
}

/** Stop one etcd member (or, with `kinds`, any recorded component): SIGTERM, then SIGKILL after a grace period; data stays. */
export async function stopMember(file: string, member: string, kinds: ComponentKind[] = ['etcd']): Promise<MemberResult> {
  return withMember(file, member, kinds, async ({platform, state, c}) => {
    const t0 = performance.now()
    const alive = isProcessAlive(c.pid, c)
    if (alive) await stopComponentProcess(platform.stateDir, c, 3000)
    await writeState(platform.stateDir, withComponent(state, {...c, pid: null, stoppedAt: new Date().toISOString()}, new Date()))
    return {cluster: platform.name, member, action: alive ? 'stopped' : 'already-stopped', pid: c.pid, ms: Math.round(performance.now() - t0)}
  })
}

/**
 * Start one etcd member again with the same data dir, ports and flags as before. With `kinds`
 * any recorded component (server, node, proxy) can be restarted the same way.
 */
export async function startMember(file: string, member: string, kinds: ComponentKind[] = ['etcd']): Promise<MemberResult> {
  return withMember(file, member, kinds, async ({platform, state, c}) => {
    const t0 = performance.now()
    if (isProcessAlive(c.pid, c)) return {cluster: platform.name, member, action: 'already-running', pid: c.pid, ms: 0}
    const pid = await startAgain(platform, state, c)
    const started = {...c, pid, startTicks: processStartTicks(pid), startedAt: new Date().toISOString(), stoppedAt: null}
    await writeState(platform.stateDir, withComponent(state, started, new Date()))
    const port = c.kind === 'etcd' ? c.ports.client : c.kind === 'proxy' ? c.ports.http : undefined
    const host = c.endpoints[0] ? new URL(c.endpoints[0]).hostname : '127.0.0.1'
    const why = await waitReady(port ? {kind: 'tcp', host, port} : {kind: 'none'}, 10_000, () =>
      isProcessAlive(pid, started) ? undefined : `${member} exited right after starting: ${tailLog(c.logFile, 3)}`,
    )
    if (why) throw new UserError(why, {code: 'start_failed', hint: `see ${c.logFile}`})
    return {cluster: platform.name, member, action: 'started', pid, ms: Math.round(performance.now() - t0)}
  })
}
