import type {ClientStatus, TaskState} from '../../model/index.js'

// Nomad's allocation client status from its task states: any failed task fails the alloc;
// otherwise any running task makes it running, any pending task pending, and all dead complete.
export function computeClientStatus(states: TaskState[]): {status: ClientStatus; description: string} {
  if (states.some((s) => s.State === 'dead' && s.Failed)) return {status: 'failed', description: 'Failed tasks'}
  if (states.some((s) => s.State === 'running')) return {status: 'running', description: 'Tasks are running'}
  if (states.some((s) => s.State === 'pending')) return {status: 'pending', description: 'No tasks have started'}
  return {status: 'complete', description: 'All tasks have completed'}
}

/**
 * Reports an alloc's client status when it changes. Terminal statuses wait for the final
 * report (every task dead, poststop done), so the server never reschedules an alloc whose
 * processes are still being killed; while winding down, "pending" flickers are not reported.
 */
export class StatusReporter {
  private last = ''

  constructor(private readonly emit: (status: ClientStatus, description: string) => void) {}

  report(states: TaskState[], opts: {final: boolean; winding: boolean}): void {
    const {status, description} = computeClientStatus(states)
    if ((status === 'complete' || status === 'failed') && !opts.final) return
    if (opts.winding && !opts.final && status === 'pending') return
    const key = `${status}:${description}`
    if (key === this.last) return
    this.last = key
    this.emit(status, description)
  }
}
