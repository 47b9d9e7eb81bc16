// Mount the dashboard on given streams (the terminal, or fakes in tests). The caller owns the
// source and closes it after `done`.
import {createElement} from 'react'
import {render} from 'ink'
import {App} from './app.js'
import type {DashboardSource} from './types.js'
import type {TerminalSize} from './view-model.js'

export interface DashboardStreams {
  stdout: NodeJS.WriteStream
  stdin: NodeJS.ReadStream
  stderr?: NodeJS.WriteStream
}

export interface DashboardOptions {
  size?: TerminalSize
  tzOffsetMinutes?: number
  frameIntervalMs?: number
  /** Use the terminal's alternate screen (restored on exit); default: when stdout is a TTY. */
  alternateScreen?: boolean
}

export interface DashboardHandle {
  /** Resolves when the user quits (q, ctrl+c) or unmount() is called. */
  done: Promise<void>
  unmount(): void
}

const ENTER_ALT = '\x1b[?1049h'
const LEAVE_ALT = '\x1b[?1049l'

export function renderDashboard(source: DashboardSource, streams: DashboardStreams, opts: DashboardOptions = {}): DashboardHandle {
  const alt = opts.alternateScreen ?? Boolean(streams.stdout.isTTY)
  if (alt) streams.stdout.write(ENTER_ALT)
  const tzOffsetMinutes = opts.tzOffsetMinutes ?? -new Date().getTimezoneOffset()
  const app = createElement(App, {source, size: opts.size, tzOffsetMinutes, frameIntervalMs: opts.frameIntervalMs})
  const instance = render(app, {stdout: streams.stdout, stdin: streams.stdin, stderr: streams.stderr, exitOnCtrlC: false, patchConsole: false})
  const done = instance.waitUntilExit().finally(() => {
    if (alt) streams.stdout.write(LEAVE_ALT)
  })
  return {done, unmount: () => instance.unmount()}
}
