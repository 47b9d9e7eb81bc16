import {UserError} from '../lib/errors.js'
import {isProcessAlive, processStartTicks} from './process-alive.js'
import {startGated, startProcess, type GatedProcess} from './process-start.js'
import {stopProcess} from './process-stop.js'
import {SupervisorClient, stopComponentProcess, type SupervisedChild} from './supervisor-client.js'
import {restartedChildOf} from './supervise-record.js'
import {tailLog} from './log-tail.js'
import {waitQuorumStep, waitReady, waitSignalled} from './wait-ready.js'
import {stepName, type Plan, type PlanStep, type ProcessSpec, type TaskResult} from './spec.js'
import {withComponent, writeState, type ComponentState, type PlatformState} from './state.js'
import type {Reporter} from './progress.js'

export interface ExecuteOptions {
  reporter: Reporter
  /** Keep what started when a later step fails (for debugging). */
  retain?: boolean
  /** Components already running: their start steps are skipped. */
  running?: Set<string>
  /** How long a process may take to be ready (default 10 s; 30 s for a process that signals it, counted from its go). */
  readyTimeoutMs?: number
  now?: () => Date
  /** The plan's supervisor, already being started by the caller (so it starts while the caller does other work); the caller closes it. */
  supervisor?: Promise<SupervisorClient>
}

export function componentFromSpec(spec: ProcessSpec, pid: number | null, at: Date): ComponentState {
  const {name, kind, ports, endpoints, command, args, env, cwd, logFile, dataDir} = spec
  const startTicks = pid ? processStartTicks(pid) : undefined
  return {name, kind, pid, ...(startTicks !== undefined ? {startTicks} : {}), ports, endpoints, startedAt: pid ? at.toISOString() : null, stoppedAt: null, command, args, env, cwd, logFile, ...(dataDir ? {dataDir} : {})}
}

/** Another step failed: this one stops where it is (not reported as a failure of its own). */
class Cancelled extends Error {}

/** What one run of a plan shares between its steps. */
interface Run {
  plan: Plan
  opts: ExecuteOptions
  state: PlatformState
  started: ComponentState[]
  undo: (() => Promise<void>)[]
  failed: AbortController
  saving: Promise<void>
  pendingSave: Promise<void> | null
  now: () => Date
  done: Map<string, Promise<void>>
  /** The connection to the platform supervisor, opened (and the supervisor started) on first use. */
  supervisor?: Promise<SupervisorClient>
}

/** The steps `step` waits for: its `after`, or the step before it in the list. */
function depsOf(plan: Plan, i: number): string[] {
  const s = plan.steps[i]!
  return s.after ?? (i > 0 ? [stepName(plan.steps[i - 1]!)] : [])
}

/**
 * Run the plan: each step as soon as the steps it runs after are done (independent steps at
 * once), recording each started process; on a failure the other steps stop and everything
 * started is rolled back (unless `retain`), and the first error is thrown.
 */
export async function executePlan(plan: Plan, initial: PlatformState, opts: ExecuteOptions): Promise<PlatformState> {
  const run: Run = {plan, opts, state: initial, started: [], undo: [], failed: new AbortController(), saving: Promise.resolve(), pendingSave: null, now: opts.now ?? (() => new Date()), done: new Map(), ...(opts.supervisor && plan.supervisor ? {supervisor: opts.supervisor} : {})}
  let first: unknown
  plan.steps.forEach((step, i) => {
    const name = stepName(step)
    if (run.done.has(name)) throw new Error(`plan has two steps named ${name}`)
    const deps = depsOf(plan, i).map((d) => {
      const p = run.done.get(d)
      if (!p) throw new Error(`step ${name} runs after ${d}, which is not an earlier step`)
      return p
    })
    const p = Promise.all(deps).then(() => runStep(run, step))
    p.catch((err) => {
      if (first === undefined && !(err instanceof Cancelled)) {
        first = err
        run.failed.abort(err)
      }
    })
    run.done.set(name, p)
  })
  await Promise.allSettled(run.done.values())
  await run.saving
  try {
    if (first === undefined) return run.state
    if (!opts.retain) await rollback(run)
    throw first
  } finally {
    // the supervisor exits by itself once nothing runs and nobody is connected (a rolled-back run)
    if (run.supervisor && !opts.supervisor) (await run.supervisor.catch(() => undefined))?.close()
  }
}

function supervisorOf(run: Run): Promise<SupervisorClient> | undefined {
  const sup = run.plan.supervisor
  if (!sup) return undefined
  run.supervisor ??= SupervisorClient.ensure(run.plan.stateDir, sup)
  return run.supervisor
}

async function runStep(run: Run, step: PlanStep): Promise<void> {
  const name = stepName(step)
  if (run.failed.signal.aborted) throw new Cancelled()
  const {reporter} = run.opts
  if (step.kind === 'start' && run.opts.running?.has(name)) {
    reporter({name, phase: 'skipped', detail: 'already running'})
    return
  }
  const t0 = performance.now()
  reporter({name, phase: 'running'})
  try {
    const detail = await runBody(run, step)
    reporter({name, phase: 'done', ms: Math.round(performance.now() - t0), detail: detail || 'done'})
  } catch (err) {
    // the first failure aborts the run; whatever fails after it is its consequence
    const cancelled = err instanceof Cancelled || run.failed.signal.aborted
    reporter({name, phase: 'failed', ms: Math.round(performance.now() - t0), detail: cancelled ? 'stopped: another step failed' : (err as Error).message})
    throw cancelled ? new Cancelled() : err
  }
}

function deadReason(stateDir: string, c: ComponentState): string | undefined {
  if (isProcessAlive(c.pid, c) || restartedChildOf(stateDir, c)) return undefined
  const tail = tailLog(c.logFile, 3)
  return `${c.name} exited right after starting${tail ? `; its log ends with:\n${tail}` : ` (log: ${c.logFile})`}`
}

async function runBody(run: Run, step: PlanStep): Promise<TaskResult> {
  const signal = run.failed.signal
  if (step.kind === 'wait-quorum') {
    const etcd = run.state.components.filter((c) => c.kind === 'etcd')
    await waitQuorumStep(step.endpoints, step.timeoutMs, () => etcd.map((c) => deadReason(run.plan.stateDir, c)).find(Boolean), signal)
    return 'ready'
  }
  if (step.kind === 'task') {
    const r = await step.run()
    if (step.rollback) run.undo.push(step.rollback)
    return r
  }
  const signalled = step.spec.ready.kind === 'signal'
  const sup = supervisorOf(run)
  const gated: GatedProcess | SupervisedChild | undefined = sup ? await (await sup).start(step.spec, signalled) : signalled ? await startGated(step.spec) : undefined
  const pid = gated ? gated.pid : await startProcess(step.spec)
  const c = {...componentFromSpec(step.spec, pid, run.now()), ...(sup ? {supervisor: run.plan.supervisor!.entry} : {})}
  run.started.push(c)
  run.state = withComponent(run.state, c, run.now())
  await save(run)
  try {
    if (gated && signalled) {
      if (step.gate?.length) await Promise.all(step.gate.map((g) => run.done.get(g)))
      if (signal.aborted) throw new Cancelled()
      gated.go()
      const why = await waitSignalled(gated.ready, run.opts.readyTimeoutMs ?? 30_000, () => deadReason(run.plan.stateDir, c), signal)
      if (why) throw new UserError(why, {code: 'start_failed', hint: `see ${c.logFile}`})
      return 'ready'
    }
    const why = await waitReady(step.spec.ready, run.opts.readyTimeoutMs ?? 10_000, () => deadReason(run.plan.stateDir, c), signal)
    if (why) throw new UserError(why, {code: 'start_failed', hint: `see ${c.logFile}`})
    return 'started'
  } finally {
    gated?.release()
  }
}

/**
 * Write state.json after a change, one write at a time: changes that arrive while a write is in
 * flight share the next write (of the latest state), so fifteen processes starting at once cost
 * two writes, not fifteen in a row.
 */
function save(run: Run): Promise<void> {
  if (run.pendingSave) return run.pendingSave
  const next = run.saving.then(() => {
    run.pendingSave = null
    return writeState(run.plan.stateDir, run.state)
  })
  run.pendingSave = next
  run.saving = next.catch(() => undefined)
  return next
}

async function rollback(run: Run): Promise<void> {
  for (const undo of [...run.undo].reverse()) await undo().catch(() => undefined)
  const sup = run.supervisor ? await run.supervisor.catch(() => null) : null
  await Promise.all(
    [...run.started].reverse().map(async (c) => {
      if (sup && c.supervisor) await stopComponentProcess(run.plan.stateDir, c, 2000, sup)
      else if (c.pid) await stopProcess(c.pid, 2000, c)
    }),
  )
  for (const c of run.started) run.state = withComponent(run.state, {...c, pid: null, stoppedAt: run.now().toISOString()}, run.now())
  await save(run)
}
