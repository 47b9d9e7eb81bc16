import type {UpdateStrategy} from '../../model/index.js'
import {CheckRunner, type CheckStatus} from './check-runner.js'
import type {ScriptContext} from './check-probe.js'
import {HealthTracker, type HealthInputs} from './health-tracker.js'
import type {ResolvedService} from './services.js'

// The checks of one allocation's services and, during a deployment, its health verdict. Both
// restart from scratch when the alloc is updated in place (new services, new deployment).

export interface AllocHealthEvents {
  onServices?(services: ResolvedService[]): void
  onServiceChecks(service: string, healthy: boolean): void
  onCheck?(status: CheckStatus): void
  onHealth(healthy: boolean | null): void
}

export class AllocHealth {
  private checks: CheckRunner | null = null
  private tracker: HealthTracker | null = null

  constructor(
    private readonly events: AllocHealthEvents,
    private readonly taskInputs: () => Omit<HealthInputs, 'checksPassing'>,
    private readonly fastStartMs?: number,
  ) {}

  startChecks(services: ResolvedService[], scriptContext: (task: string | null) => ScriptContext | undefined): void {
    this.checks?.stop()
    this.events.onServices?.(services)
    this.checks = new CheckRunner({
      services,
      scriptContext,
      onService: (name, healthy) => {
        this.events.onServiceChecks(name, healthy)
        this.refresh()
      },
      onCheck: (s) => this.events.onCheck?.(s),
      fastStartMs: this.fastStartMs,
    })
    this.checks.start()
  }

  /** Starts tracking deployment health; nothing is reported without a deployment or with health_check = "manual". */
  startTracking(deploymentID: string | null, update: UpdateStrategy | null): void {
    this.tracker?.stop()
    this.tracker = null
    if (!deploymentID || !update || update.HealthCheck === 'manual') return
    this.tracker = new HealthTracker({
      minHealthyMs: Math.round(update.MinHealthyTime / 1e6),
      deadlineMs: Math.round(update.HealthyDeadline / 1e6),
      useChecks: update.HealthCheck !== 'task_states',
      onHealth: (h) => this.events.onHealth(h),
    })
    this.refresh()
  }

  /** Re-evaluates health after a task state or check change. */
  refresh(): void {
    this.tracker?.update({...this.taskInputs(), checksPassing: this.checks?.allPassing() ?? true})
  }

  stop(): void {
    this.checks?.stop()
    this.tracker?.stop()
  }
}
