import {UserError} from '../lib/errors.js'
import {waitForQuorum} from '../kv/wait-quorum.js'
import {isProcessAlive, processStartTicks} from './process-alive.js'
import {startProcess} from './process-start.js'
import {stopProcess} from './process-stop.js'
import {tailLog} from './log-tail.js'
import {waitReady} from './wait-ready.js'
import {stepName, type Plan, type ProcessSpec} from './spec.js'
import {withComponent, writeState, type ComponentState, type PlatformState} from './state.js'
import type {Reporter} from './progress.js'

export interface ExecuteOptions {
  reporter: Reporter
  /** Keep what started when a later step fails (for debugging). */
  retain?: boolean
  /** Components already running: their start steps are skipped. */
  running?: Set<string>
  readyTimeoutMs?: number
  now?: () => Date
  /** Run once the quorum answers, inside its step (turning on authentication). */
  afterQuorum?: () => Promise<unknown>
}

export function componentFromSpec(spec: ProcessSpec, pid: number | null, at: Date): ComponentState {
  const {name, kind, ports, endpoints, command, args, env, cwd, logFile, dataDir} = spec
  const startTicks = pid ? processStartTicks(pid) : undefined
  return {name, kind, pid, ...(startTicks !== undefined ? {startTicks} : {}), ports, endpoints, startedAt: pid ? at.toISOString() : null, stoppedAt: null, command, args, env, cwd, logFile, ...(dataDir ? {dataDir} : {})}
}

/** Run the plan's steps in order, recording each started process; roll back on failure. */
export async function executePlan(plan: Plan, initial: PlatformState, opts: ExecuteOptions): Promise<PlatformState> {
  const now = opts.now ?? (() => new Date())
  let state = initial
  const started: ComponentState[] = []
  const alive = (c: ComponentState) => isProcessAlive(c.pid, c)
  const deadReason = (c: ComponentState) => {
    if (alive(c)) return undefined
    const tail = tailLog(c.logFile, 3)
    return `${c.name} exited right after starting${tail ? `; its log ends with:\n${tail}` : ` (log: ${c.logFile})`}`
  }
  for (const step of plan.steps) {
    const name = stepName(step)
    const t0 = performance.now()
    const ms = () => Math.round(performance.now() - t0)
    if (step.kind === 'start' && opts.running?.has(name)) {
      opts.reporter({name, phase: 'skipped', detail: 'already running'})
      continue
    }
    opts.reporter({name, phase: 'running'})
    try {
      if (step.kind === 'start') {
        const pid = await startProcess(step.spec)
        const c = componentFromSpec(step.spec, pid, now())
        started.push(c)
        state = withComponent(state, c, now())
        await writeState(plan.stateDir, state)
        const why = await waitReady(step.spec.ready, opts.readyTimeoutMs ?? 10_000, () => deadReason(c))
        if (why) throw new UserError(why, {code: 'start_failed', hint: `see ${c.logFile}`})
      } else {
        const etcd = state.components.filter((c) => c.kind === 'etcd')
        await waitForQuorum(step.endpoints, {timeoutMs: step.timeoutMs, abort: () => etcd.map(deadReason).find(Boolean)})
        await opts.afterQuorum?.()
      }
      opts.reporter({name, phase: 'done', ms: ms(), detail: step.kind === 'start' ? 'started' : 'ready'})
    } catch (err) {
      opts.reporter({name, phase: 'failed', ms: ms(), detail: (err as Error).message})
      if (!opts.retain) state = await rollback(plan, state, started, now)
      throw err
    }
  }
  return state
}

async function rollback(plan: Plan, state: PlatformState, started: ComponentState[], now: () => Date): Promise<PlatformState> {
  for (const c of [...started].reverse()) {
    if (c.pid) await stopProcess(c.pid, 2000, c)
    state = withComponent(state, {...c, pid: null, stoppedAt: now().toISOString()}, now())
  }
  await writeState(plan.stateDir, state)
  return state
}
