import type {AllocRunnerEvents} from '../../src/client/runner/alloc-runner.js'
import type {ClientStatus, TaskState} from '../../src/model/index.js'

/** Records everything an alloc runner reports, in order. */
export class Recorder implements AllocRunnerEvents {
  readonly statuses: string[] = []
  readonly health: (boolean | null)[] = []
  readonly checks: string[] = []
  readonly tasks: Record<string, TaskState> = {}
  readonly log: string[] = []
  readonly checkOutputs: string[] = []

  onTaskState(task: string, state: TaskState): void {
    this.tasks[task] = state
    this.log.push(`${task}:${state.State}`)
  }
  onAllocStatus(status: ClientStatus, description: string): void {
    this.statuses.push(`${status}: ${description}`)
  }
  onHealth(healthy: boolean | null): void {
    this.health.push(healthy)
  }
  onServiceChecks(service: string, healthy: boolean): void {
    this.checks.push(`${service}=${healthy}`)
  }

  onCheck(s: {service: string; check: string; status: string; output: string}): void {
    this.checkOutputs.push(`${s.service}/${s.check} ${s.status}: ${s.output}`)
  }

  get status(): string | undefined {
    return this.statuses.at(-1)
  }

  events(task: string): string[] {
    return (this.tasks[task]?.Events ?? []).map((e) => (e.Message ? `${e.Type}: ${e.Message}` : e.Type))
  }
}
