import type {ChaosObserver} from '../../chaos/context.js'
import {finishInk, liveValue} from '../live-ink.js'
import {initialLive, reduceLive, type LiveState} from './live-state.js'
import {formatLiveEvent} from './plain.js'

export interface ChaosView {
  observer: ChaosObserver
  /** Let the live view draw its last frame and release the terminal. */
  finish(): Promise<void>
}

/** Live Ink view on a TTY outside CI; plain lines to `plainOut` otherwise. Ink is imported only when used. */
export async function createChaosView(stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv, plainOut: (line: string) => void): Promise<ChaosView> {
  if (!(stdout.isTTY === true && !env.CI)) {
    let runStart = Date.now()
    return {
      observer: {
        onEvent(e) {
          if (e.type === 'start') runStart = e.at
          const l = formatLiveEvent(e, runStart)
          if (l !== null) plainOut(l)
        },
      },
      finish: async () => {},
    }
  }
  const [{render}, React, {ChaosLiveView}] = await Promise.all([import('ink'), import('react'), import('./live-view.js')])
  const live = liveValue<LiveState>(initialLive)
  const source = {state: live.get, subscribe: live.subscribe}
  const app = render(React.createElement(ChaosLiveView, {source}), {stdout, patchConsole: false})
  return {
    observer: {onEvent: (e) => live.set(reduceLive(live.get(), e))},
    finish: () => finishInk(app),
  }
}
