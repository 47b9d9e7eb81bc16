import type {Driver} from '../../drivers/driver.js'
import type {Allocation, ClientStatus, Job, Node, TaskEvent, TaskGroup, TaskState} from '../../model/index.js'
import type {TaskDirs} from './alloc-dir.js'
import {StatusReporter} from './alloc-status.js'
import {AllocHealth} from './alloc-health.js'
import type {CheckStatus} from './check-runner.js'
import {isEphemeral, isSidecar, phaseOf, waitAllRunning, type Phase} from './lifecycle.js'
import type {TemplateSource} from './template-data.js'
import {resolveServices, type ResolvedService} from './services.js'
import {watchTaskTemplates, type TemplateWatcher} from './template-watcher.js'
import {fetchArtifacts} from './artifacts.js'
import {successModeFor} from './restart-policy.js'
import {EV, event} from './task-events.js'
import {TaskRunner} from './task-runner.js'
import {effectiveRestartPolicy, prepareTasks, renderContext, toTaskSpec, type PreparedTask} from './task-setup.js'

// Runs one allocation on this node: builds its directory, prepares every task, then walks the
// lifecycle — prestart tasks to completion (sidecars keep running), main tasks, poststart once
// the main tasks run — until the main tasks end, a task fails, the leader dies or the alloc is
// stopped; then kills what still runs and runs the poststop tasks. No KV here: the agent
// turns the events into status writes and service registrations.

/** Nomad's client `max_kill_timeout` default: no job may hold a node's shutdown longer. */
export const MAX_KILL_TIMEOUT_MS = 30_000

export interface AllocRunnerEvents {
  onTaskState(task: string, state: TaskState): void
  onAllocStatus(status: ClientStatus, description: string): void
  onHealth(healthy: boolean | null): void
  onServiceChecks(service: string, healthy: boolean): void
  /** The resolved services, once the main tasks run (and again after an in-place update). */
  onServices?(services: ResolvedService[]): void
  onCheck?(status: CheckStatus): void
}

export interface AllocRunnerInput {
  alloc: Allocation
  job: Job
  node: Node
  allocDir: string
  drivers: Record<string, Driver>
  events: AllocRunnerEvents
  now?: () => number
  random?: () => number
  /** What templates read (catalog, variables, key/value data); without it such templates fail. */
  templateSource?: TemplateSource
  /** Without a subscription on the source: how often templates are re-rendered (default 1000 ms). */
  templatePollMs?: number
  /** Until a check first passes, retry it this often (default 250 ms; 0 = Nomad's plain interval). */
  checkFastStartMs?: number
  /** The host environment tasks inherit (default: this process's, minus Nomad's denylist). */
  hostEnv?: Record<string, string | undefined>
}

export interface AllocRunnerHandle {
  stop(reason: string): Promise<void>
  update(alloc: Allocation, job: Job): void
  /** Restart these running tasks in place (artifacts fetched again with `refetch`); others keep running. */
  restartTasks(tasks: string[], reason: string, refetch: boolean): Promise<string[]>
  done: Promise<void>
}

export function startAllocRunner(input: AllocRunnerInput): AllocRunnerHandle {
  const r = new AllocRunner(input)
  const done = r.run()
  return {stop: (reason) => r.stop(reason).then(() => done), update: (a, j) => r.update(a, j), restartTasks: (t, why, refetch) => r.restartTasks(t, why, refetch), done}
}

interface Member {
  runner: TaskRunner
  phase: Phase
  leader: boolean
  shutdownDelayMs: number
}

class AllocRunner {
  private alloc: Allocation
  private job: Job
  private readonly now: () => number
  private readonly members = new Map<string, Member>()
  private readonly prepared = new Map<string, {dirs: TaskDirs; p: PreparedTask}>()
  private readonly status: StatusReporter
  private ending: ((ev: ((task: string) => TaskEvent | null) | null) => void) | null = null
  private endingEvent: Promise<((task: string) => TaskEvent | null) | null>
  private winding = false
  private stopRequested = false
  private readonly health: AllocHealth
  private readonly watchers: TemplateWatcher[] = []
  private mainRunning = false
  private readonly abort = new AbortController()

  constructor(private readonly input: AllocRunnerInput) {
    this.alloc = input.alloc
    this.job = input.job
    this.now = input.now ?? Date.now
    this.endingEvent = new Promise((resolve) => (this.ending = resolve))
    this.status = new StatusReporter((st, d) => input.events.onAllocStatus(st, d))
    this.health = new AllocHealth(input.events, () => this.taskHealth(), input.checkFastStartMs)
  }

  async stop(_reason: string): Promise<void> {
    this.stopRequested = true
    this.abort.abort()
    this.ending?.(null)
  }

  update(alloc: Allocation, job: Job): void {
    const newDeployment = alloc.DeploymentID !== this.alloc.DeploymentID
    const newVersion = alloc.JobVersion !== this.alloc.JobVersion
    this.alloc = alloc
    this.job = job
    if (alloc.DesiredStatus !== 'run') return void this.stop(alloc.DesiredDescription)
    if (!this.mainRunning || this.winding) return
    if (newVersion) this.startChecks()
    if (newDeployment) this.startHealth()
  }

  /** The names of the tasks it restarted (those running); a failed artifact fetch is a task event. */
  async restartTasks(tasks: string[], reason: string, refetch: boolean): Promise<string[]> {
    if (this.winding || this.stopRequested) return []
    const done: string[] = []
    for (const name of tasks) {
      const m = this.members.get(name)
      const t = this.prepared.get(name)
      const task = this.group()?.Tasks.find((x) => x.Name === name)
      if (!m || !t || !task || m.runner.state.State !== 'running') continue
      if (refetch && task.Artifacts?.length) {
        try {
          await fetchArtifacts(task.Artifacts, t.p.baseEnv, t.dirs.root)
        } catch (err) {
          m.runner.record(event(EV.artifactFailure, this.now(), (err as Error).message))
          continue
        }
      }
      void m.runner.restart(event(EV.restartSignal, this.now(), reason))
      done.push(name)
    }
    return done
  }

  async run(): Promise<void> {
    const group = this.group()
    if (!group) {
      this.input.events.onAllocStatus('failed', `task group "${this.alloc.TaskGroup}" is not in job "${this.job.ID}"`)
      return
    }
    if (!(await this.setup(group))) return this.finish()
    if (this.stopRequested) {
      for (const m of this.members.values()) m.runner.abandon(null)
      return this.finish()
    }
    const byPhase = (...ps: Phase[]) => [...this.members.values()].filter((m) => ps.includes(m.phase))
    const watch = (m: Member) =>
      void m.runner.run().then((st) => {
        if (st.Failed) this.ending?.(() => event(EV.siblingFailed, this.now(), `Task's sibling "${m.runner.name}" failed`))
        else if (m.leader) this.ending?.(() => event(EV.leaderDead, this.now(), 'Leader Task in Group dead'))
      })

    byPhase('prestart-sidecar').forEach(watch)
    const prestart = byPhase('prestart')
    prestart.forEach(watch)
    const pre = await Promise.race([Promise.all(prestart.map((m) => m.runner.run())), this.endingEvent.then(() => null)])
    if (pre && !pre.some((s) => s.Failed)) {
      const main = byPhase('main')
      main.forEach(watch)
      void Promise.all(main.map((m) => m.runner.run())).then(() =>
        this.ending?.(() => event(EV.mainDead, this.now(), 'Main tasks in the group died')),
      )
      if (await waitAllRunning(main.map((m) => m.runner), this.endingEvent)) {
        this.mainRunning = true
        byPhase('poststart', 'poststart-sidecar').forEach(watch)
        this.startChecks()
        this.startHealth()
      }
    }
    const reason = await this.endingEvent
    await this.windDown(byPhase, reason)
    return this.finish()
  }

  private async setup(group: TaskGroup): Promise<boolean> {
    const hostEnv = this.input.hostEnv ?? process.env
    const policyFor = (name: string) => effectiveRestartPolicy(this.job, group, group.Tasks.find((t) => t.Name === name)!)
    for (const task of group.Tasks) {
      const phase = phaseOf(task)
      const runner = new TaskRunner({
        name: task.Name,
        driver: this.input.drivers[task.Driver]!,
        spec: () => ({
          ...toTaskSpec(task, this.prepared.get(task.Name)!.dirs, this.prepared.get(task.Name)!.p),
          onEvent: (message: string) => this.members.get(task.Name)?.runner.record(event(EV.driver, this.now(), message)),
        }),
        policy: policyFor(task.Name),
        successMode: successModeFor(this.job.Type, isEphemeral(phase)),
        killSignal: task.KillSignal || 'SIGTERM',
        killTimeoutMs: Math.min(MAX_KILL_TIMEOUT_MS, Math.round((task.KillTimeout || 5e9) / 1e6)),
        onState: (st) => this.onTaskState(task.Name, st),
        now: this.now,
        random: this.input.random ?? Math.random,
      })
      this.members.set(task.Name, {runner, phase, leader: task.Leader, shutdownDelayMs: Math.round((task.ShutdownDelay || 0) / 1e6)})
      runner.record(event(EV.received, this.now(), 'Task received by client'))
    }
    const out = await prepareTasks({
      alloc: this.alloc, job: this.job, group, node: this.input.node, allocDir: this.input.allocDir, hostEnv,
      templateSource: this.input.templateSource, templatePollMs: this.input.templatePollMs, signal: this.abort.signal, now: this.now,
      drivers: Object.keys(this.input.drivers),
      record: (task, type, message) => this.members.get(task)!.runner.record(event(type, this.now(), message)),
    })
    if ('aborted' in out) {
      for (const m of this.members.values()) m.runner.abandon(null)
      return false
    }
    if ('failure' in out) return this.failSetup(out.failure.task, out.failure.type, out.failure.message)
    for (const [name, t] of Object.entries(out.prepared)) this.prepared.set(name, t)
    for (const task of group.Tasks) {
      const t = this.prepared.get(task.Name)!
      const w = this.input.templateSource && watchTaskTemplates({
        templates: task.Templates ?? [], runner: this.members.get(task.Name)!.runner, dirs: t.dirs, prepared: t.p,
        ctx: renderContext({alloc: this.alloc, job: this.job, group, task, node: this.input.node, templateSource: this.input.templateSource, now: this.now}),
        pollMs: this.input.templatePollMs ?? 1000, now: this.now, random: this.input.random ?? Math.random,
      })
      if (w) this.watchers.push(w)
    }
    return true
  }

  private failSetup(task: string, type: string, message: string): false {
    this.winding = true
    for (const [name, m] of this.members) {
      if (name === task) m.runner.record(event(type, this.now(), message), {State: 'dead', Failed: true, FinishedAt: this.now()})
      else m.runner.abandon(null)
    }
    return false
  }

  private async windDown(byPhase: (...ps: Phase[]) => Member[], reason: ((task: string) => TaskEvent | null) | null): Promise<void> {
    this.winding = true
    this.health.stop()
    for (const w of this.watchers) w.stop()
    const ev = (name: string) => (reason ? reason(name) : null)
    // shutdown_delay applies to a requested stop: the agent has already taken the services out
    // of the catalog, and in-flight requests get this long before the kill signal.
    const stopRequested = reason === null
    const groupDelay = stopRequested ? Math.round((this.group()?.ShutdownDelay || 0) / 1e6) : 0
    if (groupDelay > 0) await sleep(groupDelay)
    const kill = async (m: Member) => {
      if (stopRequested && m.shutdownDelayMs > 0 && m.runner.state.State === 'running') await sleep(m.shutdownDelayMs)
      await m.runner.kill(ev(m.runner.name))
    }
    const leaders = byPhase('main').filter((m) => m.leader)
    await Promise.all(leaders.map(kill))
    const rest = byPhase('prestart', 'prestart-sidecar', 'main', 'poststart', 'poststart-sidecar').filter((m) => !m.leader)
    await Promise.all(rest.map(kill))
    const poststop = byPhase('poststop')
    await Promise.all(poststop.map((m) => m.runner.run()))
  }

  private finish(): void {
    this.winding = true
    this.health.stop()
    for (const w of this.watchers) w.stop()
    for (const {p} of this.prepared.values()) {
      p.stdout.close()
      p.stderr.close()
    }
    this.emitStatus(true)
  }

  private onTaskState(task: string, st: TaskState): void {
    this.input.events.onTaskState(task, st)
    this.emitStatus(false)
    this.health.refresh()
  }

  private emitStatus(final: boolean): void {
    // Poststop tasks wait their turn: until then they do not hold the alloc in "pending".
    const states = [...this.members.values()]
      .filter((m) => final || this.winding || m.phase !== 'poststop' || m.runner.state.State !== 'pending')
      .map((m) => m.runner.state)
    this.status.report(states, {final, winding: this.winding})
  }

  private group(): TaskGroup | undefined {
    return this.job.TaskGroups.find((g) => g.Name === this.alloc.TaskGroup)
  }

  private services(): ResolvedService[] {
    const group = this.group()!
    const firstMain = [...this.members.values()].find((m) => m.phase === 'main')?.runner.name ?? null
    const envFor = (task: string | null) => this.prepared.get(task ?? firstMain ?? '')?.p.env ?? {}
    return resolveServices(group, this.alloc, this.input.node, envFor)
  }

  private startChecks(): void {
    const firstMain = [...this.members.values()].find((m) => m.phase === 'main')?.runner.name
    this.health.startChecks(this.services(), (task) => {
      const t = this.prepared.get(task ?? firstMain ?? '')
      const exec = this.members.get(task ?? firstMain ?? '')?.runner.exec
      return t ? {env: t.p.env, cwd: t.dirs.root, ...(exec ? {exec} : {})} : undefined
    })
  }

  private startHealth(): void {
    this.health.startTracking(this.alloc.DeploymentID, this.group()?.Update ?? this.job.Update)
  }

  private taskHealth() {
    const long = [...this.members.values()].filter((m) => m.phase === 'main' || isSidecar(m.phase))
    return {
      tasksRunning: long.every((m) => m.runner.state.State === 'running'),
      taskFailed: [...this.members.values()].some((m) => m.runner.state.Failed),
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
