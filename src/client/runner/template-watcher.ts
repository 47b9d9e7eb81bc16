import type {Template} from '../../model/index.js'
import type {TaskDirs} from './alloc-dir.js'
import {renderTaskTemplates, templatesWatchServices, type ServiceLookup} from './render-templates.js'
import {EV, event} from './task-events.js'
import type {TaskRunner} from './task-runner.js'
import type {PreparedTask} from './task-setup.js'

// Re-renders a running task's templates when the service catalog they read changes, and tells
// the runner what Nomad's change_mode asks for: restart, a signal, or nothing.

export interface TemplateChange {
  restart: boolean
  signals: string[]
  templateEnv: Record<string, string>
}

export interface TemplateWatcherOptions {
  templates: Template[]
  taskDir: string
  baseEnv: () => Record<string, string>
  lookup: ServiceLookup
  initialTexts: string[]
  pollMs: number
  onChange: (change: TemplateChange) => void
  onError: (err: Error) => void
}

export class TemplateWatcher {
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private texts: string[]

  constructor(private readonly opts: TemplateWatcherOptions) {
    this.texts = opts.initialTexts
  }

  /** Only templates that read the catalog can change; returns false when there is nothing to watch. */
  start(): boolean {
    if (!templatesWatchServices(this.opts.templates, this.opts.taskDir)) return false
    this.schedule()
    return true
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.opts.pollMs)
  }

  private async tick(): Promise<void> {
    try {
      const {templates, taskDir, lookup} = this.opts
      const rendered = await renderTaskTemplates(templates, this.opts.baseEnv(), taskDir, lookup, this.texts)
      if (this.stopped) return
      const changed = templates.filter((_, i) => rendered.texts[i] !== this.texts[i])
      this.texts = rendered.texts
      if (changed.length) {
        this.opts.onChange({
          restart: changed.some((t) => (t.ChangeMode || 'restart') === 'restart' || t.Envvars),
          signals: [...new Set(changed.filter((t) => t.ChangeMode === 'signal' && t.ChangeSignal).map((t) => t.ChangeSignal!))],
          templateEnv: rendered.env,
        })
      }
    } catch (err) {
      this.opts.onError(err as Error)
    }
    this.schedule()
  }
}

export interface WatchTaskInput {
  templates: Template[]
  runner: TaskRunner
  dirs: TaskDirs
  prepared: PreparedTask
  lookup: ServiceLookup
  pollMs: number
  now: () => number
}

/** Watches one task's catalog-reading templates and applies their change_mode; null when none. */
export function watchTaskTemplates(input: WatchTaskInput): TemplateWatcher | null {
  const {runner, prepared: p, now} = input
  if (!input.templates.length) return null
  let lastError = ''
  const w = new TemplateWatcher({
    templates: input.templates,
    taskDir: input.dirs.root,
    baseEnv: () => p.baseEnv,
    lookup: input.lookup,
    initialTexts: p.templateTexts,
    pollMs: input.pollMs,
    onChange: (c) => {
      p.env = {...p.baseEnv, ...c.templateEnv} // read at the next start
      if (c.restart) void runner.restart(event(EV.restartSignal, now(), 'Template with change_mode restart re-rendered'))
      else for (const sig of c.signals) runner.signal(sig, event(EV.signaling, now(), 'Template re-rendered'))
    },
    onError: (err) => {
      if (err.message !== lastError) runner.record(event(EV.templateFailure, now(), err.message))
      lastError = err.message
    },
  })
  return w.start() ? w : null
}
