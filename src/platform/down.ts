import {rm, rmdir} from 'node:fs/promises'
import path from 'node:path'
import {existsSync} from 'node:fs'
import {loadPlatform} from './load.js'
import {isProcessAlive} from './process-alive.js'
import {stopProcess} from './process-stop.js'
import {stopComponentProcess, stopSupervisor, SupervisorClient} from './supervisor-client.js'
import {MARKER_VAR} from './process-alive.js'
import {findLabelledProcesses} from './find-labelled.js'
import {readState, withComponent, writeState} from './state.js'
import {silentReporter, type Reporter} from './progress.js'
import type {ComponentKind, Platform} from './types.js'
import {withStateLock} from './state-lock.js'
import {removeClusterContainers} from './docker-runtime.js'
import {removeKvVolumes} from './kv-container.js'

export interface DownOptions {
  purge?: boolean
  reporter?: Reporter
}

export interface DownResult {
  cluster: string
  stateDir: string
  stopped: {name: string; pid: number; how: 'term' | 'kill' | 'gone'; ms: number}[]
  /** Labelled processes state.json did not know about (killed too). */
  orphans: number[]
  /** Containers labelled with this cluster still there after the nodes stopped (removed). */
  containers: string[]
  purged: boolean
}

// Agents before the KV they talk to; etcd members last and one at a time (all at once takes ~7 s).
// Servers stop before nodes: a leader watching nodes go away would reschedule their work.
const ORDER: ComponentKind[] = ['proxy', 'server', 'node', 'etcd']

export async function downPlatform(file: string, opts: DownOptions = {}): Promise<DownResult> {
  const platform = await loadPlatform(file)
  if (!existsSync(platform.stateDir) && opts.purge) await removeKvVolumes(platform).catch(() => undefined)
  if (!existsSync(platform.stateDir)) return {cluster: platform.name, stateDir: platform.stateDir, stopped: [], orphans: [], containers: await removeClusterContainers(platform), purged: !!opts.purge}
  return withStateLock(platform.stateDir, platform.name, () => stopAll(platform, opts))
}

async function stopAll(platform: Platform, opts: DownOptions): Promise<DownResult> {
  const reporter = opts.reporter ?? silentReporter
  let state = await readState(platform.stateDir)
  const stopped: DownResult['stopped'] = []
  const marker = state?.components[0]?.env[MARKER_VAR]
  // one by one through the supervisor, in order, so that none is restarted meanwhile; then it goes
  const sup = state?.components.some((c) => c.supervisor) ? await SupervisorClient.connect(platform.stateDir, marker) : null
  if (state) {
    const order = [...state.components].reverse().sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    for (const c of order) {
      if (c.pid === null) continue
      const t0 = performance.now()
      reporter({name: c.name, phase: 'running'})
      const how = isProcessAlive(c.pid, c) ? await stopComponentProcess(platform.stateDir, c, 3000, sup) : 'gone'
      const ms = Math.round(performance.now() - t0)
      stopped.push({name: c.name, pid: c.pid, how, ms})
      reporter({name: c.name, phase: 'done', ms, detail: how === 'gone' ? 'was not running' : how === 'kill' ? 'killed' : 'stopped'})
      state = withComponent(state, {...c, pid: null, stoppedAt: new Date().toISOString()}, new Date())
      await writeState(platform.stateDir, state)
    }
  }
  await stopSupervisor(platform.stateDir, 3000, marker, sup)
  sup?.close()
  const labelled = findLabelledProcesses(platform.stateDir)
  for (const p of labelled) await stopProcess(p.pid, 1000, {startTicks: p.startTicks})
  const orphans = labelled.map((p) => p.pid)
  const containers = await removeClusterContainers(platform)
  if (opts.purge) {
    await removeKvVolumes(platform).catch(() => undefined) // runtime docker's etcd data
    await rm(platform.stateDir, {recursive: true, force: true})
    await rmdir(path.dirname(platform.stateDir)).catch(() => undefined) // .zdev/, when no other cluster lives there
  }
  return {cluster: platform.name, stateDir: platform.stateDir, stopped, orphans, containers, purged: !!opts.purge}
}
