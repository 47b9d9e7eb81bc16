import type {Task} from '../../model/index.js'
import type {TaskRunner} from './task-runner.js'

// Where a task sits in the group's lifecycle. Ephemeral hook tasks run to completion; sidecars
// run for as long as the main tasks do.
export type Phase = 'prestart' | 'prestart-sidecar' | 'main' | 'poststart' | 'poststart-sidecar' | 'poststop'

export function phaseOf(task: Task): Phase {
  const l = task.Lifecycle
  if (!l) return 'main'
  if (l.Hook === 'prestart') return l.Sidecar ? 'prestart-sidecar' : 'prestart'
  if (l.Hook === 'poststart') return l.Sidecar ? 'poststart-sidecar' : 'poststart'
  return 'poststop'
}

export function isEphemeral(phase: Phase): boolean {
  return phase === 'prestart' || phase === 'poststart' || phase === 'poststop'
}

export function isSidecar(phase: Phase): boolean {
  return phase === 'prestart-sidecar' || phase === 'poststart-sidecar'
}

/** Resolves true once every runner is running; false if one dies first or `ending` settles. Checked on each state change, not polled. */
export function waitAllRunning(runners: Pick<TaskRunner, 'state' | 'onChange'>[], ending: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = []
    let done = false
    const finish = (ok: boolean) => {
      if (done) return
      done = true
      for (const off of offs) off()
      resolve(ok)
    }
    const check = () => {
      if (runners.every((r) => r.state.State === 'running')) finish(true)
      else if (runners.some((r) => r.state.State === 'dead')) finish(false)
    }
    for (const r of runners) offs.push(r.onChange(check))
    check()
    void ending.then(() => finish(false))
  })
}
