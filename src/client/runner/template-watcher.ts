import type {Template} from '../../model/index.js'
import type {TaskDirs} from './alloc-dir.js'
import {changeScriptOf, runChangeScript, type ChangeScript} from './change-script.js'
import type {RenderContext} from './render-templates.js'
import {EV, event} from './task-events.js'
import type {TaskRunner} from './task-runner.js'
import type {PreparedTask} from './task-setup.js'

// Re-renders a running task's templates when the data they read changes (the agent's KV
// watch, or a poll when there is none) and applies Nomad's change_mode of the templates whose
// text changed: restart, signal, script or noop, after a random delay up to their splay.

export interface TemplateChange {
  restart: boolean
  signals: string[]
  scripts: ChangeScript[]
  templateEnv: Record<string, string>
}

export interface TemplateWatcherOptions {
  templates: Template[]
  taskDir: string
  baseEnv: () => Record<string, string>
  ctx: RenderContext
  initialTexts: string[]
  pollMs: number
  random: () => number
  onChange: (change: TemplateChange) => void
  onError: (err: Error) => void
}

export class TemplateWatcher {
  private timer: NodeJS.Timeout | null = null
  private cancel: (() => void) | null = null
  private stopped = false
  private running = false
  private again = false
  private texts: string[]

  constructor(private readonly opts: TemplateWatcherOptions) {
    this.texts = opts.initialTexts
  }

  /** Returns false when no template can change (no data source). */
  start(): boolean {
    const source = this.opts.ctx.source
    if (!source || !this.opts.templates.length) return false
    if (source.subscribe) this.cancel = source.subscribe(() => this.kick())
    else this.timer = setInterval(() => this.kick(), this.opts.pollMs)
    return true
  }

  stop(): void {
    this.stopped = true
    this.cancel?.()
    if (this.timer) clearInterval(this.timer)
  }

  /** Renders now, or once more after the render in flight (changes are coalesced). */
  private kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    void this.render().finally(() => {
      this.running = false
      if (this.again && !this.stopped) {
        this.again = false
        this.kick()
      }
    })
  }

  private async render(): Promise<void> {
    const {templates, taskDir, ctx} = this.opts
    const {MissingDependency, renderTaskTemplates} = await import('./render-templates.js')
    try {
      const rendered = await renderTaskTemplates(templates, this.opts.baseEnv(), taskDir, ctx, this.texts)
      if (this.stopped) return
      const changed = templates.filter((_, i) => rendered.texts[i] !== this.texts[i])
      this.texts = rendered.texts
      if (!changed.length) return
      const splayMs = Math.max(0, ...changed.map((t) => Math.round((t.Splay || 0) / 1e6)))
      if (splayMs > 0) await new Promise((r) => setTimeout(r, Math.floor(this.opts.random() * splayMs)))
      if (this.stopped) return
      this.opts.onChange({
        restart: changed.some((t) => (t.ChangeMode || 'restart') === 'restart' || t.Envvars),
        signals: [...new Set(changed.filter((t) => t.ChangeMode === 'signal' && t.ChangeSignal).map((t) => t.ChangeSignal!))],
        scripts: changed.filter((t) => t.ChangeMode === 'script').map((t) => changeScriptOf(t.ChangeScript)).filter((s): s is ChangeScript => s !== null),
        templateEnv: rendered.env,
      })
    } catch (err) {
      // Data that went away keeps the last rendered files, as Nomad does while it waits.
      if (!(err instanceof MissingDependency)) this.opts.onError(err as Error)
    }
  }
}

export interface WatchTaskInput {
  templates: Template[]
  runner: TaskRunner
  dirs: TaskDirs
  prepared: PreparedTask
  ctx: RenderContext
  pollMs: number
  now: () => number
  random: () => number
}

/** Watches one task's templates and applies their change_mode; null when nothing can change. */
export function watchTaskTemplates(input: WatchTaskInput): TemplateWatcher | null {
  const {runner, prepared: p, now} = input
  if (!input.templates.length) return null
  let lastError = ''
  const w = new TemplateWatcher({
    templates: input.templates,
    taskDir: input.dirs.root,
    baseEnv: () => p.baseEnv,
    ctx: input.ctx,
    initialTexts: p.templateTexts,
    pollMs: input.pollMs,
    random: input.random,
    onChange: (c) => {
      p.env = {...p.baseEnv, ...c.templateEnv} // read at the next start
      if (c.restart) return void runner.restart(event(EV.restartSignal, now(), 'Template with change_mode restart re-rendered'))
      for (const sig of c.signals) runner.signal(sig, event(EV.signaling, now(), 'Template re-rendered'))
      for (const s of c.scripts) {
        void runChangeScript(s, input.dirs.root, p.env).then((failure) => {
          if (!failure) return runner.record(event(EV.template, now(), 'Template re-rendered, change script ran'))
          runner.record(event(EV.hookFailed, now(), `Template failed to run script ${s.command}: ${failure}`))
          if (s.failOnError) void runner.kill(event(EV.killing, now(), 'Template script failed, task is being killed'))
        })
      }
    },
    onError: (err) => {
      if (err.message !== lastError) runner.record(event(EV.templateFailure, now(), err.message))
      lastError = err.message
    },
  })
  return w.start() ? w : null
}
