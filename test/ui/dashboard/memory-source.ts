// An in-memory DashboardSource for tests: snapshots are pushed by the test, actions and log
// requests are recorded.
import type {ComponentKind, DashboardAction, DashboardSnapshot, DashboardSource} from '../../../src/ui/dashboard/types.js'

export class MemorySource implements DashboardSource {
  readonly actions: DashboardAction[] = []
  readonly logRequests: {kind: ComponentKind; name: string}[] = []
  logLines: string[] = ['line 1', 'line 2']
  actError: Error | null = null
  closed = false
  private queue: DashboardSnapshot[] = []
  private wake: (() => void) | null = null

  constructor(...initial: DashboardSnapshot[]) {
    this.queue.push(...initial)
  }

  push(s: DashboardSnapshot): void {
    this.queue.push(s)
    this.wake?.()
  }

  async *snapshots(): AsyncIterable<DashboardSnapshot> {
    while (!this.closed) {
      const next = this.queue.shift()
      if (next) yield next
      else await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  async act(action: DashboardAction): Promise<void> {
    this.actions.push(action)
    if (this.actError) throw this.actError
  }

  async logs(kind: ComponentKind, name: string): Promise<string[]> {
    this.logRequests.push({kind, name})
    return this.logLines
  }

  async close(): Promise<void> {
    this.closed = true
    this.wake?.()
  }
}
