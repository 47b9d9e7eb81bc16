import {probeCheck, type ProbeResult, type ScriptContext} from './check-probe.js'
import type {ResolvedCheck, ResolvedService} from './services.js'

// Runs every check of an allocation's services on its interval and folds the results into one
// healthy/unhealthy verdict per service name (all of its checks passing; a service without
// checks is healthy). Status changes are reported; nothing is reported twice in a row.

export interface CheckStatus {
  service: string
  check: string
  status: 'passing' | 'critical'
  output: string
}

export interface CheckRunnerOptions {
  services: ResolvedService[]
  scriptContext: (task: string | null) => ScriptContext | undefined
  onService: (service: string, healthy: boolean) => void
  onCheck?: (status: CheckStatus) => void
  probe?: (c: ResolvedCheck, ctx?: ScriptContext) => Promise<ProbeResult>
  /**
   * Until a check first passes, probe it this often (when shorter than its interval). A fresh
   * task usually needs a few hundred ms before it listens; waiting a whole interval (often
   * 10 s) after that first miss would make failover slow to watch. 0 keeps Nomad's cadence.
   */
  fastStartMs?: number
  /**
   * The first of those retries comes this soon, each next one twice as late, up to fastStartMs:
   * a task that listens after 60 ms is seen passing at ~60 ms, not at 250 ms (`up` waits for it).
   */
  fastStartFirstMs?: number
}

interface CheckState {
  service: string
  check: ResolvedCheck
  status: 'passing' | 'critical'
  successes: number
  failures: number
  everPassed: boolean
  /** The next retry's delay while it has never passed (doubling up to fastStartMs). */
  retryMs: number
  timer: NodeJS.Timeout | null
}

export class CheckRunner {
  private readonly states: CheckState[] = []
  private readonly reported = new Map<string, boolean>()
  private stopped = false

  constructor(private readonly opts: CheckRunnerOptions) {
    for (const s of opts.services) {
      for (const c of s.checks) {
        this.states.push({service: s.name, check: c, status: c.initialStatus, successes: 0, failures: 0, everPassed: false, retryMs: opts.fastStartFirstMs ?? 20, timer: null})
      }
    }
  }

  start(): void {
    for (const st of this.states) void this.tick(st)
    this.report()
  }

  stop(): void {
    this.stopped = true
    for (const st of this.states) if (st.timer) clearTimeout(st.timer)
  }

  /** True when every check of every service passes. */
  allPassing(): boolean {
    return this.states.every((s) => s.status === 'passing')
  }

  private async tick(st: CheckState): Promise<void> {
    if (this.stopped) return
    const probe = this.opts.probe ?? probeCheck
    const res = await probe(st.check, this.opts.scriptContext(st.check.taskName)).catch((err: Error) => ({ok: false, output: err.message}))
    if (this.stopped) return
    if (res.ok) {
      st.successes++
      st.failures = 0
      if (st.successes > st.check.successBeforePassing - 1) st.status = 'passing'
    } else {
      st.failures++
      st.successes = 0
      if (st.failures > st.check.failuresBeforeCritical) st.status = 'critical'
    }
    if (st.status === 'passing') st.everPassed = true
    this.opts.onCheck?.({service: st.service, check: st.check.name, status: st.status, output: res.output})
    this.report()
    const fast = this.opts.fastStartMs ?? 50
    let next = st.check.intervalMs
    if (!st.everPassed && fast > 0) {
      next = Math.min(fast, st.retryMs, st.check.intervalMs)
      st.retryMs = Math.min(fast, st.retryMs * 2)
    }
    st.timer = setTimeout(() => void this.tick(st), next)
  }

  private report(): void {
    const names = new Set(this.opts.services.map((s) => s.name))
    for (const name of names) {
      const healthy = this.states.filter((s) => s.service === name).every((s) => s.status === 'passing')
      if (this.reported.get(name) === healthy) continue
      this.reported.set(name, healthy)
      this.opts.onService(name, healthy)
    }
  }
}
