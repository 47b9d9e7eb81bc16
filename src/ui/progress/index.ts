import type {Reporter} from '../../platform/progress.js'
import {finishInk, liveValue} from '../live-ink.js'
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
  const rows = liveValue<StepRow[]>([])
  const source = {rows: rows.get, subscribe: rows.subscribe}
  const app = render(React.createElement(ProgressView, {source, title: target.title}), {stdout: target.stdout, patchConsole: false})
  return {
    reporter: (e) => rows.set(applyStepEvent(rows.get(), e)),
    finish: () => finishInk(app),
  }
}
