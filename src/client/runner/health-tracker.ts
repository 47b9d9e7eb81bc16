// An allocation's deployment health, as Nomad's client decides it: healthy once every task is
// running (and, with health_check = "checks", every check passes) without interruption for
// min_healthy_time; unhealthy when a task fails or healthy_deadline passes first. Decided once.

export interface HealthTrackerOptions {
  minHealthyMs: number
  deadlineMs: number
  useChecks: boolean
  onHealth: (healthy: boolean) => void
}

export interface HealthInputs {
  tasksRunning: boolean
  checksPassing: boolean
  taskFailed: boolean
}

export class HealthTracker {
  private decided = false
  private minTimer: NodeJS.Timeout | null = null
  private readonly deadline: NodeJS.Timeout

  constructor(private readonly opts: HealthTrackerOptions) {
    this.deadline = setTimeout(() => this.decide(false), opts.deadlineMs)
  }

  update(i: HealthInputs): void {
    if (this.decided) return
    if (i.taskFailed) return this.decide(false)
    const ok = i.tasksRunning && (!this.opts.useChecks || i.checksPassing)
    if (!ok) {
      if (this.minTimer) clearTimeout(this.minTimer)
      this.minTimer = null
    } else if (!this.minTimer) {
      this.minTimer = setTimeout(() => this.decide(true), this.opts.minHealthyMs)
    }
  }

  stop(): void {
    this.decided = true
    this.clear()
  }

  private decide(healthy: boolean): void {
    if (this.decided) return
    this.decided = true
    this.clear()
    this.opts.onHealth(healthy)
  }

  private clear(): void {
    clearTimeout(this.deadline)
    if (this.minTimer) clearTimeout(this.minTimer)
  }
}
