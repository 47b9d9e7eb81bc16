import type {Reporter} from '../../platform/progress.js'
import {createPlainReporter} from './plain.js'
import {applyStepEvent, type StepRow} from './steps.js'

export interface Progress {
  reporter: Reporter
  /** Let the live view draw its last frame and release the terminal. */
  finish(): Promise<void>
}

export interface ProgressTarget {
  stdout: NodeJS.WriteStream
  env: NodeJS.ProcessEnv
  title?: string
}

/** Live Ink view on a TTY outside CI; plain ✓/✗ lines otherwise. Ink is imported only when used. */
export async function createProgress(target: ProgressTarget): Promise<Progress> {
  const live = target.stdout.isTTY === true && !target.env.CI
  if (!live) return {reporter: createPlainReporter((l) => target.stdout.write(l)), finish: async () => {}}
  const [{render}, React, {ProgressView}] = await Promise.all([import('ink'), import('react'), import('./progress-view.js')])
  let rows: StepRow[] = []
  const listeners = new Set<() => void>()
  const source = {
    rows: () => rows,
    subscribe: (fn: () => void) => {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  }
  const app = render(React.createElement(ProgressView, {source, title: target.title}), {stdout: target.stdout, patchConsole: false})
  return {
    reporter: (e) => {
      rows = applyStepEvent(rows, e)
      for (const fn of listeners) fn()
    },
    finish: async () => {
      await new Promise((r) => setTimeout(r, 20))
      // Ask for the exit promise before unmounting: asked afterwards, Ink's promise never settles.
      const exited = app.waitUntilExit()
      app.unmount()
      await exited
    },
  }
}
