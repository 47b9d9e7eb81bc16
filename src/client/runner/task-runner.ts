import {DriverError, type Driver, type TaskHandle, type TaskSpec} from '../../drivers/driver.js'
import type {RestartPolicy, TaskEvent, TaskState} from '../../model/index.js'
import {formatGoDuration} from './duration.js'
import {decideRestart, newRestartTracker, type ExitKind, type SuccessMode} from './restart-policy.js'
import {EV, event, exitMessage, newTaskState, withEvent} from './task-events.js'

// Runs one task through its driver until it is dead: start, wait, apply the restart policy,
// and on kill send kill_signal to its process group, then SIGKILL after kill_timeout.

export interface TaskRunnerOptions {
  name: string
  driver: Driver
  spec: () => TaskSpec
  policy: RestartPolicy
  successMode: SuccessMode
  killSignal: string
  killTimeoutMs: number
  onState: (state: TaskState) => void
  now: () => number
  random: () => number
}

export class TaskRunner {
  private st: TaskState = newTaskState()
  private handle: TaskHandle | null = null
  private killing = false
  private restartRequested = false
  private killedRunning = false // kill() found a process to stop (→ "Killed" event)
  private wake: (() => void) | null = null
  private finished!: Promise<TaskState>
  private started = false
  private readonly listeners = new Set<() => void>()

  constructor(private readonly opts: TaskRunnerOptions) {}

  get state(): TaskState {
    return this.st
  }

  get name(): string {
    return this.opts.name
  }

  /** Starts the task (once); resolves with the final state when it is dead. */
  run(): Promise<TaskState> {
    if (!this.started) {
      this.started = true
      this.finished = this.loop()
    }
    return this.finished
  }

  /** Call `fn` after each state change (in-process, e.g. the lifecycle waiting for running); returns an unsubscribe. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => void this.listeners.delete(fn)
  }

  /** Records an event and a state change and reports it. */
  record(ev: TaskEvent | null, patch: Partial<TaskState> = {}): void {
    this.st = {...(ev ? withEvent(this.st, ev) : this.st), ...patch}
    this.opts.onState(structuredClone(this.st))
    for (const fn of [...this.listeners]) fn()
  }

  /** Marks a task that never started as dead (its alloc stopped or failed first). */
  abandon(ev: TaskEvent | null): void {
    if (this.started || this.st.State === 'dead') return
    this.killing = true
    this.record(ev, {State: 'dead', FinishedAt: this.opts.now()})
  }

  async kill(reason: TaskEvent | null = null): Promise<void> {
    if (!this.started) return this.abandon(reason)
    if (this.st.State === 'dead' || this.killing) return void (await this.finished)
    this.killing = true
    if (reason) this.record(reason)
    this.wake?.()
    const h = this.handle
    if (h) {
      this.killedRunning = true
      await this.stopHandle(h)
    }
    await this.finished
  }

  /** Restarts a running task now, outside the restart policy (e.g. a template changed). */
  async restart(reason: TaskEvent): Promise<void> {
    const h = this.handle
    if (!h || this.killing || this.restartRequested) return
    this.restartRequested = true
    this.record(reason)
    await this.stopHandle(h)
  }

  /** Runs a command inside the running task when its driver can (docker exec); undefined otherwise. */
  get exec(): TaskHandle['exec'] {
    const h = this.handle
    return h?.exec && !this.killing ? h.exec.bind(h) : undefined
  }

  /** Sends a signal to the running task, recording why. */
  signal(signal: string, reason: TaskEvent): void {
    const h = this.handle
    if (!h?.signal || this.killing) return
    this.record(reason)
    h.signal(signal)
  }

  private async stopHandle(h: TaskHandle): Promise<void> {
    const {killSignal, killTimeoutMs} = this.opts
    this.record(event(EV.killing, this.opts.now(), `Sent interrupt. Waiting ${formatGoDuration(killTimeoutMs * 1e6)} before force killing`))
    await h.stop(killSignal, killTimeoutMs)
  }

  private async loop(): Promise<TaskState> {
    const {now} = this.opts
    let tracker = newRestartTracker(now())
    while (!this.killing) {
      let exit: ExitKind
      try {
        const h = await this.opts.driver.start(this.opts.spec())
        this.handle = h
        this.record(event(EV.started, now(), 'Task started by client'), {State: 'running', StartedAt: now()})
        if (this.killing) {
          this.killedRunning = true
          await this.stopHandle(h)
        }
        const res = await h.wait()
        this.handle = null
        this.record(event(EV.terminated, now(), exitMessage(res.exitCode, res.signal), res.exitCode ?? undefined))
        exit = {kind: 'exited', exitCode: res.exitCode, signal: res.signal}
      } catch (err) {
        const message = (err as Error).message
        this.record(event(EV.driverFailure, now(), message))
        exit = {kind: 'start-error', recoverable: err instanceof DriverError && err.recoverable, message}
      }
      if (this.killing) break
      if (this.restartRequested) {
        this.restartRequested = false
        this.record(event(EV.restarting, now(), 'Task restarting in 0s'), {State: 'pending', Restarts: this.st.Restarts + 1, LastRestart: now()})
        continue
      }
      const out = decideRestart(tracker, exit, this.opts.policy, this.opts.successMode, now(), this.opts.random())
      tracker = out.tracker
      const d = out.decision
      if (d.action === 'stop') {
        if (d.message) this.record(event(EV.notRestarting, now(), d.message))
        this.record(null, {State: 'dead', Failed: d.failed, FinishedAt: now()})
        return this.st
      }
      this.record(event(EV.restarting, now(), d.message), {State: 'pending', Restarts: this.st.Restarts + 1, LastRestart: now()})
      await this.sleep(d.delayMs)
    }
    this.record(this.killedRunning ? event(EV.killed, now(), 'Task successfully killed') : null, {State: 'dead', FinishedAt: now()})
    return this.st
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms)
      function done() {
        clearTimeout(t)
        resolve()
      }
      this.wake = done
    })
  }
}
